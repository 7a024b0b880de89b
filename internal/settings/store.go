package settings

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/tenantsettings"
)

// The store reads and writes inside a tenant transaction; row-level
// security confines it to the tenant.

// loadDocument returns the tenant's document, or the defaults at version
// 0 when it has none; lock holds its row until the transaction ends.
func loadDocument(ctx context.Context, tx *db.Tx, lock bool) (Document, error) {
	q := `SELECT document, version, updated_at, updated_by, reason FROM settings.tenant_settings`
	if lock {
		q += ` FOR UPDATE`
	}
	var raw []byte
	var d Document
	err := tx.QueryRow(ctx, q).Scan(&raw, &d.Version, &d.UpdatedAt, &d.UpdatedBy, &d.Reason)
	if errors.Is(err, pgx.ErrNoRows) {
		return Document{Settings: tenantsettings.Default("")}, nil
	}
	if err != nil {
		return d, fmt.Errorf("load settings: %w", err)
	}
	d.Settings, err = fromDBDocument(raw)
	return d, err
}

// fromDBDocument reads a stored document. It is not validated again: it
// passed Validate when it was written.
func fromDBDocument(raw []byte) (tenantsettings.Settings, error) {
	var st tenantsettings.Settings
	if err := json.Unmarshal(raw, &st); err != nil {
		return st, fmt.Errorf("decode settings: %w", err)
	}
	return st, nil
}

// saveDocument writes d, inserting the row of its first version.
func saveDocument(ctx context.Context, tx *db.Tx, d Document) error {
	raw, err := json.Marshal(d.Settings)
	if err != nil {
		return fmt.Errorf("encode settings: %w", err)
	}
	_, err = tx.Exec(ctx, `INSERT INTO settings.tenant_settings (tenant_id, document, version, updated_at, updated_by, reason)
		VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (tenant_id) DO UPDATE SET document = excluded.document, version = excluded.version,
			updated_at = excluded.updated_at, updated_by = excluded.updated_by, reason = excluded.reason`,
		tx.Tenant().UUID(), raw, d.Version, d.UpdatedAt, d.UpdatedBy, d.Reason)
	if err != nil {
		return fmt.Errorf("save settings: %w", err)
	}
	return nil
}

const flagColumns = `key, enabled, rollout_percent, rollout_by, killed, version, updated_at, updated_by, reason`

// flagRow is a stored flag state. State is nil once the flag was reset
// to the catalog's default: the row stays for its version.
type flagRow struct {
	Key       string
	State     *tenantsettings.FlagState
	Version   int
	UpdatedAt time.Time
	UpdatedBy string
	Reason    string
}

func scanFlag(row pgx.Row) (flagRow, error) {
	var f flagRow
	var enabled, killed *bool
	var percent *int
	var by *string
	err := row.Scan(&f.Key, &enabled, &percent, &by, &killed, &f.Version, &f.UpdatedAt, &f.UpdatedBy, &f.Reason)
	if err == nil && enabled != nil && percent != nil && by != nil && killed != nil {
		f.State = &tenantsettings.FlagState{Enabled: *enabled, RolloutPercent: *percent, RolloutBy: *by, Killed: *killed}
	}
	return f, err
}

// loadFlag returns the tenant's state of key; found is false when it has
// none. lock holds the row until the transaction ends.
func loadFlag(ctx context.Context, tx *db.Tx, key string, lock bool) (f flagRow, found bool, err error) {
	q := `SELECT ` + flagColumns + ` FROM settings.feature_flags WHERE key = $1`
	if lock {
		q += ` FOR UPDATE`
	}
	f, err = scanFlag(tx.QueryRow(ctx, q, key))
	if errors.Is(err, pgx.ErrNoRows) {
		return flagRow{Key: key}, false, nil
	}
	if err != nil {
		return f, false, fmt.Errorf("load flag: %w", err)
	}
	return f, true, nil
}

// loadFlags returns every flag state of the tenant by key.
func loadFlags(ctx context.Context, tx *db.Tx) (map[string]flagRow, error) {
	rows, err := tx.Query(ctx, `SELECT `+flagColumns+` FROM settings.feature_flags`)
	if err != nil {
		return nil, fmt.Errorf("list flags: %w", err)
	}
	defer rows.Close()
	out := map[string]flagRow{}
	for rows.Next() {
		f, err := scanFlag(rows)
		if err != nil {
			return nil, fmt.Errorf("list flags: %w", err)
		}
		out[f.Key] = f
	}
	return out, rows.Err()
}

func saveFlag(ctx context.Context, tx *db.Tx, f flagRow) error {
	var enabled, killed *bool
	var percent *int
	var by *string
	if st := f.State; st != nil {
		enabled, percent, by, killed = &st.Enabled, &st.RolloutPercent, &st.RolloutBy, &st.Killed
	}
	_, err := tx.Exec(ctx, `INSERT INTO settings.feature_flags (tenant_id, `+flagColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
		ON CONFLICT (tenant_id, key) DO UPDATE SET enabled = excluded.enabled, rollout_percent = excluded.rollout_percent,
			rollout_by = excluded.rollout_by, killed = excluded.killed, version = excluded.version,
			updated_at = excluded.updated_at, updated_by = excluded.updated_by, reason = excluded.reason`,
		tx.Tenant().UUID(), f.Key, enabled, percent, by, killed,
		f.Version, f.UpdatedAt, f.UpdatedBy, f.Reason)
	if err != nil {
		return fmt.Errorf("save flag: %w", err)
	}
	return nil
}

// snapshotQuery reads the document and every flag state in one statement,
// so both come from one snapshot of the database in one round trip.
const snapshotQuery = `SELECT s.document, coalesce(s.version, 0),
	greatest(s.updated_at, (SELECT max(updated_at) FROM settings.feature_flags)),
	(SELECT coalesce(jsonb_object_agg(f.key, jsonb_build_object('enabled', f.enabled, 'rolloutPercent', f.rollout_percent,
		'rolloutBy', f.rollout_by, 'killed', f.killed)), '{}'::jsonb) FROM settings.feature_flags f WHERE f.enabled IS NOT NULL)
	FROM (VALUES (1)) AS one (x) LEFT JOIN settings.tenant_settings s ON true`

func loadSnapshot(ctx context.Context, tx *db.Tx) (*tenantsettings.Snapshot, error) {
	var doc, flags []byte
	var at *time.Time
	snap := &tenantsettings.Snapshot{}
	if err := tx.QueryRow(ctx, snapshotQuery).Scan(&doc, &snap.Version, &at, &flags); err != nil {
		return nil, fmt.Errorf("load settings snapshot: %w", err)
	}
	if doc == nil {
		snap.Settings = tenantsettings.Default("")
	} else {
		st, err := fromDBDocument(doc)
		if err != nil {
			return nil, err
		}
		snap.Settings = st
	}
	if at != nil {
		snap.UpdatedAt = at.UTC()
	}
	if err := json.Unmarshal(flags, &snap.Flags); err != nil {
		return nil, fmt.Errorf("decode flag states: %w", err)
	}
	return snap, nil
}
