package graph

import (
	"context"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/files"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/graphqlx"
)

// toGraphFile converts a stored file.
func toGraphFile(f files.File) *File {
	out := &File{ID: f.ID.String(), Name: f.Name, ContentType: f.ContentType, Size: int(f.Size), Sha256: f.SHA256,
		CreatedAt: f.CreatedAt, CreatedBy: f.CreatedBy}
	if !f.Owner.IsZero() {
		out.Owner = &FileOwner{Type: f.Owner.Type, ID: f.Owner.ID.String()}
	}
	return out
}

// parseID reads the UUID of argument name. Returns INVALID_ARGUMENT
// naming it.
func parseID(s, name string) (uuid.UUID, error) {
	id, err := uuid.Parse(s)
	if err != nil {
		return uuid.Nil, errs.Field(name, "must be a UUID")
	}
	return id, nil
}

// deref is a nullable argument's value, its zero value when null.
func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

// list is a page of files as a connection.
func (r *Resolver) list(ctx context.Context, ownerType, ownerID *string, first *int, after *string) (*FileConnection, error) {
	f := files.Filter{Limit: deref(first), Cursor: deref(after)}
	switch {
	case f.Limit == 0:
		f.Limit = 50
	case f.Limit < 0 || f.Limit > 200:
		return nil, errs.Field("first", "must be between 1 and 200")
	}
	owner, err := files.ParseOwner(deref(ownerType), deref(ownerID))
	if err != nil {
		return nil, err
	}
	f.Owner = owner
	list, next, err := r.Service.List(ctx, f)
	if err != nil {
		return nil, graphqlx.AsPaging(err)
	}
	conn := &FileConnection{Edges: make([]FileEdge, len(list)), PageInfo: &PageInfo{HasNextPage: next != ""}}
	for i, file := range list {
		conn.Edges[i] = FileEdge{Cursor: files.Cursor(file), Node: toGraphFile(file)}
	}
	if next != "" {
		conn.PageInfo.EndCursor = &next
	}
	return conn, nil
}

// attachments is a page of the files attached to the owner of type typ
// and id (the entity's id, which the gateway passes as it is).
func (r *Resolver) attachments(ctx context.Context, typ, id string, first *int, after *string) (*FileConnection, error) {
	return r.list(ctx, &typ, &id, first, after)
}

// file reads file id of argument name.
func (r *Resolver) file(ctx context.Context, id, name string) (*File, error) {
	uid, err := parseID(id, name)
	if err != nil {
		return nil, err
	}
	f, err := r.Service.Get(ctx, uid)
	if err != nil {
		return nil, err
	}
	return toGraphFile(f), nil
}
