package rules

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// The store reads and writes rule sets and versions inside a tenant
// transaction; row-level security confines it to the tenant.

const setColumns = `id, key, name, description, input_schema, output_schema, revision, created_at, updated_at`

func scanSet(row pgx.Row) (RuleSet, error) {
	var s RuleSet
	var in, out []byte
	if err := row.Scan(&s.ID, &s.Key, &s.Name, &s.Description, &in, &out, &s.Revision, &s.CreatedAt, &s.UpdatedAt); err != nil {
		return s, err
	}
	var err error
	if s.Input, err = fieldsFromJSON(in); err != nil {
		return s, err
	}
	s.Output, err = fieldsFromJSON(out)
	return s, err
}

// loadSet returns the set with key; lock holds its row until the
// transaction ends, serialising lifecycle changes of one set. Returns
// NOT_FOUND.
func loadSet(ctx context.Context, tx *db.Tx, key string, lock bool) (RuleSet, error) {
	q := `SELECT ` + setColumns + ` FROM rules.rule_sets WHERE key = $1`
	if lock {
		q += ` FOR UPDATE`
	}
	s, err := scanSet(tx.QueryRow(ctx, q, key))
	if errors.Is(err, pgx.ErrNoRows) {
		return s, errs.E(errs.NotFound, "rule set %q does not exist", key)
	}
	if err != nil {
		return s, fmt.Errorf("load rule set: %w", err)
	}
	return s, nil
}

// loadSetByID returns the set with id. Returns NOT_FOUND.
func loadSetByID(ctx context.Context, tx *db.Tx, id uuid.UUID) (RuleSet, error) {
	s, err := scanSet(tx.QueryRow(ctx, `SELECT `+setColumns+` FROM rules.rule_sets WHERE id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return s, errs.E(errs.NotFound, "rule set %s does not exist", id)
	}
	if err != nil {
		return s, fmt.Errorf("load rule set: %w", err)
	}
	return s, nil
}

func listSets(ctx context.Context, tx *db.Tx, after string, limit int) ([]RuleSet, error) {
	rows, err := tx.Query(ctx, `SELECT `+setColumns+` FROM rules.rule_sets WHERE key > $1 ORDER BY key LIMIT $2`, after, limit)
	if err != nil {
		return nil, fmt.Errorf("list rule sets: %w", err)
	}
	defer rows.Close()
	var out []RuleSet
	for rows.Next() {
		s, err := scanSet(rows)
		if err != nil {
			return nil, fmt.Errorf("list rule sets: %w", err)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

func insertSet(ctx context.Context, tx *db.Tx, s RuleSet) error {
	_, err := tx.Exec(ctx, `INSERT INTO rules.rule_sets (tenant_id, id, key, name, description, input_schema, output_schema, revision, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)`,
		tx.Tenant().UUID(), s.ID, s.Key, s.Name, s.Description, fieldsToJSON(s.Input), fieldsToJSON(s.Output), s.Revision, s.CreatedAt)
	if errs.CodeOf(db.Translate(err)) == errs.Conflict {
		return errs.E(errs.Conflict, "rule set %q already exists", s.Key)
	}
	if err != nil {
		return fmt.Errorf("insert rule set: %w", err)
	}
	return nil
}

func updateSet(ctx context.Context, tx *db.Tx, s RuleSet) error {
	_, err := tx.Exec(ctx, `UPDATE rules.rule_sets SET name = $2, description = $3, input_schema = $4, output_schema = $5,
		revision = $6, updated_at = $7 WHERE id = $1`,
		s.ID, s.Name, s.Description, fieldsToJSON(s.Input), fieldsToJSON(s.Output), s.Revision, s.UpdatedAt)
	if err != nil {
		return fmt.Errorf("update rule set: %w", err)
	}
	return nil
}

func deleteSet(ctx context.Context, tx *db.Tx, id uuid.UUID) error {
	if _, err := tx.Exec(ctx, `DELETE FROM rules.rule_sets WHERE id = $1`, id); err != nil {
		return fmt.Errorf("delete rule set: %w", err)
	}
	return nil
}

const versionColumns = `id, set_id, number, status, hit_policy, collect_as, effective_from, effective_to, reference,
	rows, tests, revision, created_at, updated_at, published_at, retired_at`

type rowJSON struct {
	Description string            `json:"description,omitempty"`
	Condition   string            `json:"condition"`
	Outputs     map[string]string `json:"outputs"`
}

type testJSON struct {
	Name     string          `json:"name"`
	Input    json.RawMessage `json:"input"`
	Expected json.RawMessage `json:"expected"`
}

func scanVersion(row pgx.Row, key string) (Version, error) {
	var v Version
	var rows, tests []byte
	var to *time.Time
	err := row.Scan(&v.ID, &v.SetID, &v.Number, &v.Status, &v.HitPolicy, &v.CollectAs, &v.EffectiveFrom, &to,
		&v.Reference, &rows, &tests, &v.Revision, &v.CreatedAt, &v.UpdatedAt, &v.PublishedAt, &v.RetiredAt)
	if err != nil {
		return v, err
	}
	v.SetKey, v.EffectiveTo = key, to
	var rj []rowJSON
	var tj []testJSON
	if err := json.Unmarshal(rows, &rj); err != nil {
		return v, fmt.Errorf("decode rows: %w", err)
	}
	if err := json.Unmarshal(tests, &tj); err != nil {
		return v, fmt.Errorf("decode tests: %w", err)
	}
	for _, r := range rj {
		v.Rows = append(v.Rows, Row(r))
	}
	for _, t := range tj {
		v.Tests = append(v.Tests, TestCase(t))
	}
	return v, nil
}

// loadVersions returns the versions of set in number order; only the
// published ones when published is true.
func loadVersions(ctx context.Context, tx *db.Tx, set RuleSet, published bool) ([]Version, error) {
	q := `SELECT ` + versionColumns + ` FROM rules.rule_versions WHERE set_id = $1`
	if published {
		q += ` AND status = 'PUBLISHED'`
	}
	rows, err := tx.Query(ctx, q+` ORDER BY number`, set.ID)
	if err != nil {
		return nil, fmt.Errorf("load versions: %w", err)
	}
	defer rows.Close()
	var out []Version
	for rows.Next() {
		v, err := scanVersion(rows, set.Key)
		if err != nil {
			return nil, fmt.Errorf("load versions: %w", err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// loadVersion returns version number of set. Returns NOT_FOUND.
func loadVersion(ctx context.Context, tx *db.Tx, set RuleSet, number int) (Version, error) {
	v, err := scanVersion(tx.QueryRow(ctx, `SELECT `+versionColumns+` FROM rules.rule_versions WHERE set_id = $1 AND number = $2`,
		set.ID, number), set.Key)
	if errors.Is(err, pgx.ErrNoRows) {
		return v, errs.E(errs.NotFound, "rule set %q has no version %d", set.Key, number)
	}
	if err != nil {
		return v, fmt.Errorf("load version: %w", err)
	}
	return v, nil
}

func encodeSpec(v Version) (rows, tests []byte) {
	rj := make([]rowJSON, len(v.Rows))
	for i, r := range v.Rows {
		rj[i] = rowJSON(r)
	}
	tj := make([]testJSON, len(v.Tests))
	for i, t := range v.Tests {
		tj[i] = testJSON(t)
	}
	rows, _ = json.Marshal(rj)
	tests, _ = json.Marshal(tj)
	return rows, tests
}

// saveVersion inserts v, or updates it when it exists.
func saveVersion(ctx context.Context, tx *db.Tx, v Version) error {
	rows, tests := encodeSpec(v)
	_, err := tx.Exec(ctx, `INSERT INTO rules.rule_versions (tenant_id, id, set_id, number, status, hit_policy, collect_as,
			effective_from, effective_to, reference, rows, tests, revision, created_at, updated_at, published_at, retired_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
		ON CONFLICT (tenant_id, id) DO UPDATE SET status = EXCLUDED.status, hit_policy = EXCLUDED.hit_policy,
			collect_as = EXCLUDED.collect_as, effective_from = EXCLUDED.effective_from, effective_to = EXCLUDED.effective_to,
			reference = EXCLUDED.reference, rows = EXCLUDED.rows, tests = EXCLUDED.tests, revision = EXCLUDED.revision,
			updated_at = EXCLUDED.updated_at, published_at = EXCLUDED.published_at, retired_at = EXCLUDED.retired_at`,
		tx.Tenant().UUID(), v.ID, v.SetID, v.Number, v.Status, v.HitPolicy, v.CollectAs, v.EffectiveFrom, v.EffectiveTo,
		v.Reference, rows, tests, v.Revision, v.CreatedAt, v.UpdatedAt, v.PublishedAt, v.RetiredAt)
	if err != nil {
		return fmt.Errorf("save version: %w", err)
	}
	return nil
}

func deleteVersion(ctx context.Context, tx *db.Tx, id uuid.UUID) error {
	if _, err := tx.Exec(ctx, `DELETE FROM rules.rule_versions WHERE id = $1`, id); err != nil {
		return fmt.Errorf("delete version: %w", err)
	}
	return nil
}

func nextNumber(ctx context.Context, tx *db.Tx, setID uuid.UUID) (int, error) {
	var n int
	err := tx.QueryRow(ctx, `SELECT coalesce(max(number), 0) + 1 FROM rules.rule_versions WHERE set_id = $1`, setID).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("next version number: %w", err)
	}
	return n, nil
}

// cacheKey names one tenant's rule set in the caches.
type cacheKey struct {
	tenant tenant.ID
	key    string
}
