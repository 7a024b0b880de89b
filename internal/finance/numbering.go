package finance

import (
	"context"
	"fmt"
	"time"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
)

// nextNumber takes the next number of docType for a document dated date,
// in the tenant's format. The sequence row is per document type and
// fiscal year when the format restarts each year, else per type alone.
// The increment holds the row's lock until tx ends: concurrent issuers
// queue behind it, a rollback gives the number back and a crash before
// commit loses none, so the numbers are gapless and never reused.
func (s *Service) nextNumber(ctx context.Context, tx *db.Tx, docType string, date time.Time) (string, error) {
	st, err := s.tenantSettings(ctx)
	if err != nil {
		return "", err
	}
	n, ok := st.Numbering[docType]
	if !ok {
		return "", errs.E(errs.FailedPrecondition, "the tenant's settings number no %s documents", docType)
	}
	_, _, fy := st.FiscalYear(time.Date(date.Year(), date.Month(), date.Day(), 12, 0, 0, 0, st.Location()))
	key := ""
	if n.ResetEachFiscalYear {
		key = fy
	}
	var seq int64
	err = tx.QueryRow(ctx, `INSERT INTO finance.number_sequences AS s (tenant_id, doc_type, fiscal_year, last)
		VALUES (current_setting('app.tenant_id')::uuid, $1, $2, 1)
		ON CONFLICT (tenant_id, doc_type, fiscal_year) DO UPDATE SET last = s.last + 1
		RETURNING last`, docType, key).Scan(&seq)
	if err != nil {
		return "", fmt.Errorf("take %s number: %w", docType, err)
	}
	return n.Format(seq, fy, date), nil
}
