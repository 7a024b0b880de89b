package files

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/httpx"
)

// Upload is a file to store: its name, declared media type, bytes and
// what it is attached to.
type Upload struct {
	Name        string
	ContentType string
	Body        []byte
	Owner       Owner
}

// TooLarge is the error of content over the limit: INVALID_ARGUMENT
// naming body, answered 413.
func TooLarge(limit int64) error {
	return errs.Field("body", "is larger than the limit of %d bytes", limit).WithStatus(413)
}

// Store checks and stores a file. Needs files.file.write. Returns
// INVALID_ARGUMENT naming name, contentType (415 when the type is not
// accepted), body (413 over the size limit, 415 when the bytes are not
// of the declared type) or ownerId; PERMISSION_DENIED when the caller may
// not read the owner. A refused upload stores nothing.
func (s *Service) Store(ctx context.Context, up Upload) (File, error) {
	p, err := authz.Caller(ctx, PermWrite)
	if err != nil {
		return File{}, err
	}
	name, err := cleanName(up.Name)
	if err != nil {
		return File{}, err
	}
	mt, err := mediaType(up.ContentType, s.cfg.AllowedTypes)
	if err != nil {
		return File{}, err
	}
	if int64(len(up.Body)) > s.cfg.MaxSize {
		return File{}, TooLarge(s.cfg.MaxSize)
	}
	if err := checkContent(mt, up.Body); err != nil {
		return File{}, err
	}
	if !up.Owner.IsZero() && s.owners != nil {
		if err := s.owners.CheckOwner(ctx, up.Owner); err != nil {
			return File{}, err
		}
	}
	sum := sha256.Sum256(up.Body)
	f := File{ID: uuid.Must(uuid.NewV7()), Tenant: p.Tenant, Name: name, ContentType: mt, Size: int64(len(up.Body)),
		SHA256: hex.EncodeToString(sum[:]), Owner: up.Owner, CreatedBy: p.UserID, CreatedAt: s.now().UTC()}
	// The object first, then its row: a row always has its object. An
	// object whose row failed to commit is removed again; one left by a
	// crash in between is unreachable (no row names it) and is swept by
	// key (docs/files.md).
	key := objectKey(f.Tenant, f.ID)
	if err := s.storage.Put(ctx, key, mt, up.Body); err != nil {
		return File{}, err
	}
	err = s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		if err := insertFile(ctx, tx, f); err != nil {
			return err
		}
		return s.emit(ctx, tx, storedEvent(f))
	})
	if err != nil {
		if derr := s.storage.Delete(context.WithoutCancel(ctx), key); derr != nil {
			s.log.Warn("remove the object of a file that was not recorded", "key", key, "error", derr)
		}
		return File{}, err
	}
	return f, nil
}

// Get returns file id. Needs files.file.read. Returns NOT_FOUND when the
// tenant has no such live file.
func (s *Service) Get(ctx context.Context, id uuid.UUID) (File, error) {
	if _, err := authz.Caller(ctx, PermRead); err != nil {
		return File{}, err
	}
	var f File
	err := s.db.ReadTenant(ctx, func(ctx context.Context, tx *db.Tx) error {
		var err error
		f, err = liveFile(ctx, tx, id, false)
		return err
	})
	return f, err
}

// List returns a page of the tenant's live files, newest first, and the
// cursor of the next page ("" on the last). Needs files.file.read.
// Returns INVALID_ARGUMENT naming cursor.
func (s *Service) List(ctx context.Context, f Filter) ([]File, string, error) {
	if _, err := authz.Caller(ctx, PermRead); err != nil {
		return nil, "", err
	}
	if f.Limit <= 0 {
		f.Limit = 50
	}
	var (
		afterAt time.Time
		afterID uuid.UUID
	)
	if f.Cursor != "" {
		var err error
		if afterAt, afterID, err = httpx.ParseTimeCursor(f.Cursor); err != nil {
			return nil, "", err
		}
	}
	var list []File
	err := s.db.ReadTenant(ctx, func(ctx context.Context, tx *db.Tx) error {
		var err error
		list, err = listFiles(ctx, tx, f, afterAt, afterID)
		return err
	})
	if err != nil {
		return nil, "", err
	}
	next := ""
	if len(list) > f.Limit {
		list = list[:f.Limit]
		next = Cursor(list[len(list)-1])
	}
	return list, next, nil
}

// Cursor is where a list of files resumes after f.
func Cursor(f File) string { return httpx.TimeCursor(f.CreatedAt, f.ID) }

// Open returns file id and its content, to stream through the service.
// Needs files.file.read; the caller closes the reader. Returns NOT_FOUND.
func (s *Service) Open(ctx context.Context, id uuid.UUID) (File, io.ReadCloser, error) {
	f, err := s.Get(ctx, id)
	if err != nil {
		return File{}, nil, err
	}
	body, err := s.storage.Get(ctx, objectKey(f.Tenant, f.ID))
	if err != nil {
		return File{}, nil, err
	}
	return f, body, nil
}

// Link is a presigned download link and when it stops working.
type Link struct {
	URL       string
	ExpiresAt time.Time
}

// CreateLink presigns a download of file id valid for the configured
// link TTL. Needs files.file.read. Returns NOT_FOUND.
func (s *Service) CreateLink(ctx context.Context, id uuid.UUID) (Link, error) {
	f, err := s.Get(ctx, id)
	if err != nil {
		return Link{}, err
	}
	u, exp, err := s.storage.Link(ctx, objectKey(f.Tenant, f.ID), f.Name, f.ContentType, s.cfg.LinkTTL)
	if err != nil {
		return Link{}, err
	}
	return Link{URL: u, ExpiresAt: exp}, nil
}

// Delete deletes file id: its row is kept, marked deleted, with the
// vextrus.files.file.deleted.v1 event, and its object is removed once
// that commits. Needs files.file.delete. Returns NOT_FOUND.
func (s *Service) Delete(ctx context.Context, id uuid.UUID) (File, error) {
	p, err := authz.Caller(ctx, PermDelete)
	if err != nil {
		return File{}, err
	}
	var f File
	err = s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		if f, err = liveFile(ctx, tx, id, true); err != nil {
			return err
		}
		at := s.now().UTC()
		if err := markDeleted(ctx, tx, id, at, p.UserID); err != nil {
			return err
		}
		f.DeletedAt, f.DeletedBy = &at, p.UserID
		return s.emit(ctx, tx, deletedEvent(f))
	})
	if err != nil {
		return File{}, err
	}
	// Were this to fail, the object stays but nothing reads it: every
	// read goes through a live row.
	if err := s.storage.Delete(context.WithoutCancel(ctx), objectKey(f.Tenant, f.ID)); err != nil {
		s.log.Warn("remove a deleted file's object", "file", f.ID, "error", err)
	}
	return f, nil
}
