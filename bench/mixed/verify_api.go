package mixed

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
)

// verifierPermissions are what the checker reads through the API: the
// documents the workload's acknowledged writes name, nothing it could
// change.
var verifierPermissions = []string{
	"masterdata.customer.read", "masterdata.vendor.read", "masterdata.product.read",
	"orders.purchase.read", "finance.invoice.read", "finance.payment.read",
}

// reader reads the system's REST API with a read-only API key of one
// tenant.
type reader struct {
	client *http.Client
	base   string
	key    string
}

// grantKey gives the reader a read-only API key of tenant t for an hour,
// written straight into auth's table (the run's users' passwords are the
// workload's, not the checker's), and returns its revocation. The key is
// an ordinary one: `vx_` and base64url of the tenant id and 32 random
// bytes, stored as its SHA-256 (internal/auth/secret.go).
func (r *reader) grantKey(ctx context.Context, conn *pgx.Conn, t uuid.UUID) (revoke func() error, err error) {
	buf := make([]byte, 16+32)
	copy(buf, t[:])
	if _, err := rand.Read(buf[16:]); err != nil {
		return nil, err
	}
	key := "vx_" + base64.RawURLEncoding.EncodeToString(buf)
	hash := sha256.Sum256([]byte(key))
	var owner uuid.UUID
	if err := conn.QueryRow(ctx, `select id from auth.users where tenant_id = $1 order by created_at limit 1`, t).
		Scan(&owner); err != nil {
		return nil, fmt.Errorf("a user of tenant %s to own the checker's key: %w", t, err)
	}
	id := uuid.Must(uuid.NewV7())
	if _, err := conn.Exec(ctx, `insert into auth.api_keys (tenant_id, id, name, hash, hint, permissions, created_by, expires_at)
		values ($1, $2, 'bench verify (read-only)', $3, $4, $5, $6, now() + interval '1 hour')`,
		t, id, hash[:], "…"+key[len(key)-4:], verifierPermissions, owner); err != nil {
		return nil, fmt.Errorf("grant the checker a read-only key: %w", err)
	}
	r.key = key
	return func() error {
		_, err := conn.Exec(context.Background(), `update auth.api_keys set revoked_at = now() where tenant_id = $1 and id = $2`, t, id)
		return err
	}, nil
}

// get reads path into out (when not nil). found is false on 404; any
// other non-2xx status is an error.
func (r *reader) get(ctx context.Context, path string, out any) (found bool, err error) {
	for attempt := 0; ; attempt++ {
		found, retry, err := r.getOnce(ctx, path, out)
		if !retry || attempt == 4 {
			return found, err
		}
		select {
		case <-ctx.Done():
			return false, ctx.Err()
		case <-time.After(time.Duration(attempt+1) * 200 * time.Millisecond):
		}
	}
}

func (r *reader) getOnce(ctx context.Context, path string, out any) (found, retry bool, err error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, r.base+path, nil)
	if err != nil {
		return false, false, err
	}
	req.Header.Set("X-API-Key", r.key)
	resp, err := r.client.Do(req)
	if err != nil {
		return false, true, fmt.Errorf("GET %s: %w", path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	switch {
	case err != nil:
		return false, true, fmt.Errorf("GET %s: %w", path, err)
	case resp.StatusCode == http.StatusNotFound:
		return false, false, nil
	case resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500:
		return false, true, fmt.Errorf("GET %s: %s: %.200s", path, resp.Status, body)
	case resp.StatusCode/100 != 2:
		return false, false, fmt.Errorf("GET %s: %s: %.200s", path, resp.Status, body)
	}
	if out != nil {
		if err := json.Unmarshal(body, out); err != nil {
			return true, false, fmt.Errorf("GET %s: decode: %w", path, err)
		}
	}
	return true, false, nil
}
