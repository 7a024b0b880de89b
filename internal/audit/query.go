package audit

import (
	"context"
	"encoding/base64"
	"strconv"
	"strings"
	"time"

	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/tenantsettings"
)

// Page size bounds.
const (
	DefaultLimit = 50
	MaxLimit     = 500
)

// List returns a page of the caller's tenant's entries matching f, newest
// first. Returns UNAUTHENTICATED or PERMISSION_DENIED without
// audit.event.read, INVALID_ARGUMENT naming the field for a bad limit,
// cursor or time range.
func (s *Service) List(ctx context.Context, f Filter) (Page, error) {
	if err := authz.Require(ctx, PermEventRead); err != nil {
		return Page{}, err
	}
	var col errs.Collector
	if f.Limit == 0 {
		f.Limit = DefaultLimit
	}
	col.Check(f.Limit >= 1 && f.Limit <= MaxLimit, "limit", "must be between 1 and %d", MaxLimit)
	if err := s.businessDays(ctx, &f, &col); err != nil {
		return Page{}, err
	}
	col.Check(f.From.IsZero() || f.To.IsZero() || f.From.Before(f.To), "to", "must be after from")
	before, err := decodeCursor(f.Cursor)
	if err != nil {
		col.Add("cursor", "is not a cursor this API returned")
	}
	if err := col.Err(); err != nil {
		return Page{}, err
	}
	items, err := s.list(ctx, f, before)
	if err != nil {
		return Page{}, err
	}
	p := Page{Items: items}
	if len(items) > f.Limit {
		p.Items = items[:f.Limit]
		p.NextCursor = encodeCursor(p.Items[f.Limit-1].Seq)
	}
	return p, nil
}

// A cursor is the sequence number the next page starts below. It is
// opaque to clients so the paging scheme may change.
func encodeCursor(seq int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte("seq:" + strconv.FormatInt(seq, 10)))
}

func decodeCursor(c string) (int64, error) {
	if c == "" {
		return 0, nil
	}
	raw, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil || len(raw) < 5 || string(raw[:4]) != "seq:" {
		return 0, errs.Field("cursor", "invalid")
	}
	seq, err := strconv.ParseInt(string(raw[4:]), 10, 64)
	if err != nil || seq < 1 {
		return 0, errs.Field("cursor", "invalid")
	}
	return seq, nil
}

// CursorAfter is the cursor that continues a list after the entry seq, for
// the per-edge cursors of GraphQL connections.
func CursorAfter(seq int64) string { return encodeCursor(seq) }

// businessDays turns FromDate and ToDate into instants: the first instant
// of FromDate and of the day after ToDate in the tenant's timezone.
func (s *Service) businessDays(ctx context.Context, f *Filter, col *errs.Collector) error {
	if f.FromDate == "" && f.ToDate == "" {
		return nil
	}
	loc, err := tenantsettings.LocationOf(ctx, s.zones)
	if err != nil {
		return err
	}
	day := func(field, v string, into *time.Time, other time.Time, next int) {
		if v == "" {
			return
		}
		d, err := time.ParseInLocation(time.DateOnly, v, loc)
		switch {
		case err != nil:
			col.Add(field, "must be a date YYYY-MM-DD")
		case !other.IsZero():
			col.Add(field, "cannot be given with %s", strings.TrimSuffix(field, "Date"))
		default:
			*into = d.AddDate(0, 0, next).UTC()
		}
	}
	day("fromDate", f.FromDate, &f.From, f.From, 0)
	day("toDate", f.ToDate, &f.To, f.To, 1)
	return nil
}
