package masterdata

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/keyset"
)

// store is the PostgreSQL side of one record kind. Its methods run inside
// the caller's tenant transaction; row-level security confines them to the
// tenant, and the explicit tenant_id predicates only help the planner.
type store[T Record] struct {
	k     *kind[T]
	table string
	// terms is the table of the search index.
	terms string
	// sorts are the list's sorts, searchSorts a search's (sort.go).
	sorts, searchSorts keyset.Sorts[T]
}

const selectCols = "id, version, created_by, created_at, updated_at, archived_at, data"

// row is a record as one insert or update writes it.
type row struct {
	ID        uuid.UUID       `json:"id"`
	Code      string          `json:"code"`
	Name      string          `json:"name"`
	NameBn    string          `json:"name_bn"`
	Kind      string          `json:"kind"`
	Status    string          `json:"status"`
	BIN       *string         `json:"bin"`
	TIN       *string         `json:"tin"`
	Tags      []string        `json:"tags"`
	Data      json.RawMessage `json:"data"`
	Version   int             `json:"version"`
	CreatedBy string          `json:"created_by"`
	CreatedAt time.Time       `json:"created_at"`
	UpdatedAt time.Time       `json:"updated_at"`
}

// toRow is the database form of rec.
func toRow(rec Record) (row, error) {
	m, p := rec.meta(), rec.project()
	data, err := json.Marshal(rec.toDB())
	if err != nil {
		return row{}, fmt.Errorf("encode record: %w", err)
	}
	tags := p.tags
	if tags == nil {
		tags = []string{}
	}
	return row{
		ID: m.ID, Code: p.code, Name: p.name, NameBn: p.nameBn, Kind: p.kind, Status: p.status,
		BIN: nullable(p.bin), TIN: nullable(p.tin), Tags: tags,
		Data: data, Version: m.Version, CreatedBy: m.CreatedBy, CreatedAt: m.CreatedAt, UpdatedAt: m.UpdatedAt,
	}, nil
}

func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// insert writes recs and their search terms in one statement. With
// skipExisting, a record whose code the tenant already has is skipped
// rather than refused, and so are its terms; the codes actually inserted
// are returned.
func (s *store[T]) insert(ctx context.Context, tx *db.Tx, recs []T, skipExisting bool) (map[string]bool, error) {
	q, args, err := s.insertStatement(tx, recs, skipExisting)
	if err != nil {
		return nil, err
	}
	// A statement's error may surface when it is sent or when its rows
	// are read (pipelined or not).
	res, err := tx.Query(ctx, q, args...)
	if err != nil {
		return nil, s.translate(err, "")
	}
	codes, err := collectStrings(res)
	if err != nil {
		return nil, s.translate(err, "")
	}
	inserted := make(map[string]bool, len(codes))
	for _, c := range codes {
		inserted[c] = true
	}
	return inserted, nil
}

// deferInsert queues the insert of one new record and its search terms
// to go with the transaction's next statement or its COMMIT (db.Tx.Defer).
// A duplicate code then fails the commit; translate names it.
func (s *store[T]) deferInsert(tx *db.Tx, rec T) error {
	q, args, err := s.insertStatement(tx, []T{rec}, false)
	if err != nil {
		return err
	}
	tx.Defer(q, args...)
	return nil
}

// insertStatement is insert's statement, answering the codes inserted.
func (s *store[T]) insertStatement(tx *db.Tx, recs []T, skipExisting bool) (string, []any, error) {
	rows := make([]row, len(recs))
	for i, r := range recs {
		var err error
		if rows[i], err = toRow(r); err != nil {
			return "", nil, err
		}
	}
	payload, err := json.Marshal(rows)
	if err != nil {
		return "", nil, fmt.Errorf("encode rows: %w", err)
	}
	conflict := ""
	if skipExisting {
		conflict = " on conflict (tenant_id, code) do nothing"
	}
	terms, ids, names := termRows(recs)
	// The terms go in by the same statement (one round trip), for the
	// records that were inserted: a data-modifying WITH always runs.
	q := `with inserted as (insert into ` + s.table + ` (tenant_id, id, code, name, name_bn, kind, status, bin, tin, tags,
			data, version, created_by, created_at, updated_at)
		select $1, r.id, r.code, r.name, r.name_bn, r.kind, r.status, r.bin, r.tin, r.tags,
			r.data, r.version, r.created_by, r.created_at, r.updated_at
		from jsonb_to_recordset($2::jsonb) as r(id uuid, code text, name text, name_bn text, kind text, status text,
			bin text, tin text, tags text[], data jsonb, version int, created_by text,
			created_at timestamptz, updated_at timestamptz)` + conflict + ` returning id, code),
	indexed as (insert into ` + s.terms + ` (tenant_id, term, id, sort_name)
		select $1, t.term, t.id, t.name from unnest($3::text[], $4::uuid[], $5::text[]) as t(term, id, name)
		where t.id in (select id from inserted))
	select code from inserted`
	return q, []any{tx.Tenant().UUID(), payload, terms, ids, names}, nil
}

// update rewrites rec, whose Version is already the new one. Returns
// CONFLICT when the stored version is not the one before it.
func (s *store[T]) update(ctx context.Context, tx *db.Tx, rec T) error {
	r, err := toRow(rec)
	if err != nil {
		return err
	}
	// The version compare makes the write a compare-and-set even without
	// the row lock the callers take.
	tag, err := tx.Exec(ctx, `update `+s.table+` set code = $3, name = $4, name_bn = $5, kind = $6, status = $7,
			bin = $8, tin = $9, tags = $10, data = $11, version = $12, updated_at = $13, archived_at = $14
		where tenant_id = $1 and id = $2 and version = $12 - 1`,
		tx.Tenant().UUID(), r.ID, r.Code, r.Name, r.NameBn, r.Kind, r.Status, r.BIN, r.TIN, r.Tags,
		r.Data, r.Version, r.UpdatedAt, rec.meta().ArchivedAt)
	if err != nil {
		return s.translate(err, r.Code)
	}
	if tag.RowsAffected() != 1 {
		return errs.E(errs.Conflict, "the %s was changed by someone else; read it again", s.k.name)
	}
	if _, err := tx.Exec(ctx, `delete from `+s.terms+` where tenant_id = $1 and id = $2`, tx.Tenant().UUID(), r.ID); err != nil {
		return err
	}
	return s.index(ctx, tx, []T{rec})
}

// index writes the search terms of recs.
func (s *store[T]) index(ctx context.Context, tx *db.Tx, recs []T) error {
	terms, ids, names := termRows(recs)
	if len(ids) == 0 {
		return nil
	}
	_, err := tx.Exec(ctx, `insert into `+s.terms+` (tenant_id, term, id, sort_name)
		select $1, t.term, t.id, t.name from unnest($2::text[], $3::uuid[], $4::text[]) as t(term, id, name)`,
		tx.Tenant().UUID(), terms, ids, names)
	if err != nil {
		return fmt.Errorf("index %s: %w", s.k.plural, err)
	}
	return nil
}

// termRows are the rows of the search index of recs: each term with its
// record's id and name (the order of a search sorted by name). The ids go
// as raw 16-byte values, which pgx encodes as uuid without a round
// through text.
func termRows[T Record](recs []T) (terms []string, ids [][16]byte, names []string) {
	for _, rec := range recs {
		id := [16]byte(rec.meta().ID)
		p := rec.project()
		for _, t := range searchTerms(p) {
			ids, terms, names = append(ids, id), append(terms, t), append(names, p.name)
		}
	}
	return terms, ids, names
}

// get reads one record; lock takes its row lock for an update.
// Returns NOT_FOUND.
func (s *store[T]) get(ctx context.Context, tx *db.Tx, id uuid.UUID, lock bool) (T, error) {
	q := `select ` + selectCols + ` from ` + s.table + ` where tenant_id = $1 and id = $2`
	if lock {
		q += ` for update`
	}
	rows, err := tx.Query(ctx, q, tx.Tenant().UUID(), id)
	if err != nil {
		var zero T
		return zero, err
	}
	recs, err := s.scan(rows)
	if err != nil || len(recs) == 0 {
		var zero T
		if err == nil {
			err = errs.E(errs.NotFound, "%s %s not found", s.k.name, id)
		}
		return zero, err
	}
	return recs[0], nil
}

// getMany reads the records with ids in one query, in no particular order.
func (s *store[T]) getMany(ctx context.Context, tx *db.Tx, ids []uuid.UUID) ([]T, error) {
	rows, err := tx.Query(ctx, `select `+selectCols+` from `+s.table+` where tenant_id = $1 and id = any($2)`,
		tx.Tenant().UUID(), ids)
	if err != nil {
		return nil, err
	}
	return s.scan(rows)
}

// scan reads rows of selectCols into records, built from the database
// without validation.
func (s *store[T]) scan(rows pgx.Rows) ([]T, error) {
	defer rows.Close()
	var out []T
	for rows.Next() {
		rec := s.k.newRecord()
		m := rec.meta()
		// The record's JSON is decoded from the driver's buffer: Unmarshal
		// copies what it keeps. go-json decodes in one pass where
		// encoding/json validates the whole document first, which a page
		// of records feels (BenchmarkGraphQLCustomerPage). Stored JSON is
		// what json.Marshal wrote, so the two agree on it.
		var data pgtype.DriverBytes
		if err := rows.Scan(&m.ID, &m.Version, &m.CreatedBy, &m.CreatedAt, &m.UpdatedAt, &m.ArchivedAt, &data); err != nil {
			return nil, err
		}
		if err := rec.fromDB(data); err != nil {
			return nil, fmt.Errorf("decode %s %s: %w", s.k.name, m.ID, err)
		}
		utc(m)
		out = append(out, rec)
	}
	return out, rows.Err()
}

func utc(m *Meta) {
	m.CreatedAt, m.UpdatedAt = m.CreatedAt.UTC(), m.UpdatedAt.UTC()
	if m.ArchivedAt != nil {
		t := m.ArchivedAt.UTC()
		m.ArchivedAt = &t
	}
}

// translate names the code in a duplicate-code error and translates the
// rest.
func (s *store[T]) translate(err error, code string) error {
	var pg *pgconn.PgError
	if errors.As(err, &pg) && pg.Code == "23505" && pg.ConstraintName == s.table[len("masterdata."):]+"_code_key" {
		msg := fmt.Sprintf("a %s with %s %s already exists", s.k.name, s.k.codeField, code)
		if code == "" {
			msg = fmt.Sprintf("a %s with that %s already exists", s.k.name, s.k.codeField)
		}
		return &errs.Error{Code: errs.Conflict, Message: msg, Cause: err,
			Fields: []errs.FieldError{{Field: s.k.codeField, Message: "already exists: " + code}}}
	}
	return db.Translate(err)
}

func collectStrings(rows pgx.Rows) ([]string, error) {
	return pgx.CollectRows(rows, pgx.RowTo[string])
}
