package files

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

const fileColumns = `id, tenant_id, name, content_type, size, sha256, owner_type, owner_id,
	created_by, created_at, deleted_at, deleted_by`

// scanFile reads a row of fileColumns.
func scanFile(row pgx.Row) (File, error) {
	var (
		f       File
		t       uuid.UUID
		ownerID *uuid.UUID
	)
	err := row.Scan(&f.ID, &t, &f.Name, &f.ContentType, &f.Size, &f.SHA256, &f.Owner.Type, &ownerID,
		&f.CreatedBy, &f.CreatedAt, &f.DeletedAt, &f.DeletedBy)
	if err != nil {
		return File{}, err
	}
	f.Tenant = tenant.ID(t)
	if ownerID != nil {
		f.Owner.ID = *ownerID
	}
	return f, nil
}

// insertFile adds f's row in tx.
func insertFile(ctx context.Context, tx *db.Tx, f File) error {
	var owner *uuid.UUID
	if !f.Owner.IsZero() {
		owner = &f.Owner.ID
	}
	_, err := tx.Exec(ctx, `insert into files.files (tenant_id, id, name, content_type, size, sha256, object_key,
		owner_type, owner_id, created_by, created_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		f.Tenant.UUID(), f.ID, f.Name, f.ContentType, f.Size, f.SHA256, objectKey(f.Tenant, f.ID),
		f.Owner.Type, owner, f.CreatedBy, f.CreatedAt)
	if err != nil {
		return fmt.Errorf("insert file: %w", err)
	}
	return nil
}

// liveFile reads file id of the tenant of tx; forUpdate locks it. Returns
// NOT_FOUND for a file that does not exist, is another tenant's (row-level
// security hides it) or is deleted.
func liveFile(ctx context.Context, tx *db.Tx, id uuid.UUID, forUpdate bool) (File, error) {
	q := `select ` + fileColumns + ` from files.files where id = $1 and deleted_at is null`
	if forUpdate {
		q += ` for update`
	}
	f, err := scanFile(tx.QueryRow(ctx, q, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return File{}, errs.E(errs.NotFound, "file %s not found", id)
	}
	if err != nil {
		return File{}, fmt.Errorf("read file: %w", err)
	}
	return f, nil
}

// markDeleted records that f was deleted at by actor.
func markDeleted(ctx context.Context, tx *db.Tx, id uuid.UUID, at time.Time, actor string) error {
	if _, err := tx.Exec(ctx, `update files.files set deleted_at = $2, deleted_by = $3 where id = $1`, id, at, actor); err != nil {
		return fmt.Errorf("delete file: %w", err)
	}
	return nil
}

// Filter selects a page of live files, newest first.
type Filter struct {
	// Owner, when set, lists the files attached to it.
	Owner Owner
	Limit int
	// Cursor is the NextCursor of the previous page.
	Cursor string
}

// listFiles reads a page of f from tx, one more than the limit to know
// whether a page follows.
func listFiles(ctx context.Context, tx *db.Tx, f Filter, afterAt time.Time, afterID uuid.UUID) ([]File, error) {
	args := []any{f.Limit + 1}
	q := `select ` + fileColumns + ` from files.files where deleted_at is null`
	if !f.Owner.IsZero() {
		args = append(args, f.Owner.Type, f.Owner.ID)
		q += ` and owner_type = $2 and owner_id = $3`
	}
	if !afterAt.IsZero() {
		args = append(args, afterAt, afterID)
		q += fmt.Sprintf(` and (created_at, id) < ($%d, $%d)`, len(args)-1, len(args))
	}
	q += ` order by created_at desc, id desc limit $1`
	rows, err := tx.Query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list files: %w", err)
	}
	defer rows.Close()
	var out []File
	for rows.Next() {
		file, err := scanFile(rows)
		if err != nil {
			return nil, fmt.Errorf("list files: %w", err)
		}
		out = append(out, file)
	}
	return out, rows.Err()
}
