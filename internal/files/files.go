// Package files is the files service (issue 26): tenant-scoped objects in
// S3-compatible storage with their metadata in PostgreSQL. An upload is
// checked against the size limit and the allowed media types, and its
// bytes must agree with the type it declares; the object is stored under
// a key that begins with the tenant's id, and its row (name, type, size,
// SHA-256, what it is attached to) commits with the
// vextrus.files.file.stored.v1 event. Files are read through the service
// (content) or through a presigned link that expires; attachments are
// listed by what they are attached to: an invoice, an order or a
// document job. docs/files.md gives the decisions.
package files

import (
	"context"
	"embed"
	"errors"
	"log/slog"
	"time"

	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/events"
)

//go:embed migrations/*.sql
var migrationsFS embed.FS

// Name is the service's name: its module, schema, outbox and topic.
const Name = "files"

// Schema is the files service's PostgreSQL schema.
var Schema = db.Schema{Name: Name, Migrations: db.Dir(migrationsFS, "migrations")}

// The permissions of the files service.
const (
	PermRead   = "files.file.read"
	PermWrite  = "files.file.write"
	PermDelete = "files.file.delete"
)

// Permissions are what the files service declares to the registry.
var Permissions = []authz.Permission{
	{Name: PermRead, Description: "List files and attachments, download them and make download links"},
	{Name: PermWrite, Description: "Upload files and attach them to invoices, orders and document jobs"},
	{Name: PermDelete, Description: "Delete files"},
}

// EventSink appends events inside the transaction of the change; the
// platform outbox (*events.Outbox) is one.
type EventSink interface {
	Append(ctx context.Context, tx *db.Tx, drafts ...events.Draft) error
}

// Deps are what the service needs.
type Deps struct {
	DB *db.Pool
	// Storage keeps the objects.
	Storage Storage
	// Events receives the service's events; nil emits none.
	Events EventSink
	// Owners checks that what a file is attached to exists; nil checks
	// only the owner's type and id.
	Owners OwnerChecker
	// Config gives the limits: MaxSize, AllowedTypes, LinkTTL.
	Config Config
	Logger *slog.Logger
	// Now is the clock; nil uses time.Now.
	Now func() time.Time
}

// Service is the files service.
type Service struct {
	db      *db.Pool
	storage Storage
	events  EventSink
	owners  OwnerChecker
	cfg     Config
	log     *slog.Logger
	now     func() time.Time
}

// New returns the service.
func New(d Deps) (*Service, error) {
	if d.DB == nil || d.Storage == nil {
		return nil, errors.New("files: a database pool and a storage are required")
	}
	def := DefaultConfig()
	if d.Config.MaxSize <= 0 {
		d.Config.MaxSize = def.MaxSize
	}
	if len(d.Config.AllowedTypes) == 0 {
		d.Config.AllowedTypes = def.AllowedTypes
	}
	if d.Config.LinkTTL <= 0 {
		d.Config.LinkTTL = def.LinkTTL
	}
	s := &Service{db: d.DB, storage: d.Storage, events: d.Events, owners: d.Owners, cfg: d.Config, log: d.Logger, now: d.Now}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.now == nil {
		s.now = time.Now
	}
	return s, nil
}

// emit appends drafts to the outbox in tx, when the service has one.
func (s *Service) emit(ctx context.Context, tx *db.Tx, drafts ...events.Draft) error {
	if s.events == nil || len(drafts) == 0 {
		return nil
	}
	return s.events.Append(ctx, tx, drafts...)
}
