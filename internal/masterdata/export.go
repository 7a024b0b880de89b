package masterdata

import (
	"context"
	"io"

	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/db"
)

// exportPage is how many records one export query reads.
const exportPage = 1000

// Export writes the records q selects (every page of them) as CSV in the
// columns Import reads, so an export imports back unchanged. Every cell is
// quoted, and one a spreadsheet would take for a formula is neutralized
// with a leading single quote that Import drops again. Returns
// INVALID_ARGUMENT for a bad filter; an error after the first row has been
// written leaves the file cut short.
func (r *Resource[T]) Export(ctx context.Context, w io.Writer, q ListQuery) error {
	if err := authz.Require(ctx, r.k.read); err != nil {
		return err
	}
	cw := newCSVWriter(w)
	header := make([]string, len(r.k.csv))
	for i, c := range r.k.csv {
		header[i] = c.header
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	q.Cursor = ""
	for {
		var page Page[T]
		err := r.s.db.ReadTenant(ctx, func(ctx context.Context, tx *db.Tx) (err error) {
			page, err = r.store.listN(ctx, tx, q, exportPage)
			return err
		})
		if err != nil {
			return err
		}
		for _, rec := range page.Items {
			cells, err := toCells(r.k.csv, rec)
			if err != nil {
				return err
			}
			if err := cw.Write(cells); err != nil {
				return err
			}
		}
		if err := cw.Flush(); err != nil {
			return err
		}
		if page.NextCursor == nil {
			return nil
		}
		q.Cursor = *page.NextCursor
	}
}
