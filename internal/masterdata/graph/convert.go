package graph

import (
	"context"
	"encoding/json"
	"strconv"

	"github.com/99designs/gqlgen/graphql"
	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/masterdata"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/graphqlx"
	"github.com/vextrus/vextrus/internal/platform/money"
)

func parseID(s string) (uuid.UUID, error) {
	id, err := uuid.Parse(s)
	if err != nil {
		return uuid.Nil, errs.Field("id", "must be a UUID")
	}
	return id, nil
}

func parseIDs(ss []string) ([]uuid.UUID, error) {
	ids := make([]uuid.UUID, len(ss))
	for i, s := range ss {
		id, err := uuid.Parse(s)
		if err != nil {
			return nil, errs.Field("ids["+strconv.Itoa(i)+"]", "must be a UUID")
		}
		ids[i] = id
	}
	return ids, nil
}

func toListQuery(first *int, after *string, f *ListFilter) masterdata.ListQuery {
	var q masterdata.ListQuery
	if first != nil {
		q.Limit = *first
	}
	if after != nil {
		q.Cursor = *after
	}
	if f == nil {
		return q
	}
	str := func(p *string) string {
		if p == nil {
			return ""
		}
		return *p
	}
	q.Search, q.Status, q.Kind, q.Tag, q.Archived = str(f.Search), str(f.Status), str(f.Kind), str(f.Tag), str(f.Archived)
	for _, fv := range f.Filters {
		if q.Filters == nil {
			q.Filters = map[string]string{}
		}
		q.Filters[fv.Name] = fv.Value
	}
	return q
}

func pageInfo[T any](p masterdata.Page[T]) *PageInfo {
	return &PageInfo{HasNextPage: p.NextCursor != nil, EndCursor: p.NextCursor}
}

// create decodes a GraphQL input, a map of the fields given, through the
// same JSON validation as REST.
func create[T masterdata.Record](ctx context.Context, res *masterdata.Resource[T], input map[string]any) (T, error) {
	raw, err := json.Marshal(input)
	if err != nil {
		var zero T
		return zero, errs.Wrap(errs.InvalidArgument, err, "input cannot be encoded")
	}
	rec, err := res.Decode(raw)
	if err != nil {
		return rec, err
	}
	return res.Create(ctx, rec)
}

// update applies a GraphQL input as a merge patch.
func update[T masterdata.Record](ctx context.Context, res *masterdata.Resource[T], id string, version int, patch map[string]any) (T, error) {
	var zero T
	uid, err := parseID(id)
	if err != nil {
		return zero, err
	}
	raw, err := json.Marshal(patch)
	if err != nil {
		return zero, errs.Wrap(errs.InvalidArgument, err, "patch cannot be encoded")
	}
	return res.Update(ctx, uid, version, res.MergePatch(raw))
}

// setArchived archives or restores.
func setArchived[T masterdata.Record](ctx context.Context, res *masterdata.Resource[T], id string, version *int, archive bool) (T, error) {
	var zero T
	uid, err := parseID(id)
	if err != nil {
		return zero, err
	}
	v := 0
	if version != nil {
		v = *version
	}
	if archive {
		return res.Archive(ctx, uid, v)
	}
	return res.Restore(ctx, uid, v)
}

// entities resolves a batch of representations with one lookup, reporting
// NOT_FOUND at the index of each id the tenant does not have.
func entities[T masterdata.Record, E any](ctx context.Context, res *masterdata.Resource[T], ids []string, wrap func(T) *E) ([]*E, error) {
	out, err := byIDs(ctx, res, ids, wrap)
	if err != nil {
		return nil, err
	}
	var missing graphql.BatchErrorList
	for i, e := range out {
		if e != nil {
			continue
		}
		missing = graphqlx.BatchNotFound(missing, len(out), i, res.Name()+" "+ids[i]+" not found")
	}
	if missing != nil {
		return out, missing
	}
	return out, nil
}

// byIDs is a batch lookup query: records in order, null where unknown.
func byIDs[T masterdata.Record, E any](ctx context.Context, res *masterdata.Resource[T], ids []string, wrap func(T) *E) ([]*E, error) {
	uids, err := parseIDs(ids)
	if err != nil {
		return nil, err
	}
	recs, err := res.GetMany(ctx, uids)
	if err != nil {
		return nil, err
	}
	out := make([]*E, len(recs))
	for i, rec := range recs {
		if any(rec) != any(*new(T)) {
			out[i] = wrap(rec)
		}
	}
	return out, nil
}

func wrapCustomer(c *masterdata.Customer) *Customer { return &Customer{c} }
func wrapVendor(v *masterdata.Vendor) *Vendor       { return &Vendor{v} }
func wrapProduct(p *masterdata.Product) *Product    { return &Product{p} }

func toUnit(u *masterdata.Unit) *Unit {
	id, v := u.ID.String(), u.Version
	out := fromUnitFields(u.UnitFields, false)
	out.ID, out.Version, out.ArchivedAt = &id, &v, u.ArchivedAt
	return out
}

func fromUnitFields(f masterdata.UnitFields, builtin bool) *Unit {
	status := f.Status
	if status == "" {
		status = "active"
	}
	return &Unit{Code: f.Code, Name: f.Name, NameBn: f.NameBn, Dimension: f.Dimension, Decimals: f.Decimals,
		Status: status, Builtin: builtin}
}

func cursorOf(id uuid.UUID) string { return masterdata.CursorAfter(id) }

// createdBy references the auth subgraph's user; the gateway resolves the
// rest of it, batched.
func createdBy(id string) *User {
	if id == "" {
		return nil
	}
	return &User{ID: id}
}

// optionalMoney is nil for the zero amount, which means "not set".
func optionalMoney(a money.Amount) *money.Amount {
	if a.Currency() == "" {
		return nil
	}
	return &a
}
