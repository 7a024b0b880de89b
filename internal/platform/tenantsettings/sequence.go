package tenantsettings

import (
	"context"
	"fmt"
	"regexp"
	"time"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
)

var schemaRE = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// NextNumber takes the next number of docType for a document dated date,
// in the tenant's format, from schema's number_sequences table (tenant_id,
// doc_type, fiscal_year, last). The row is per document type and fiscal
// year when the format restarts each year, else per type alone. The
// increment holds the row's lock until tx ends: concurrent issuers queue
// behind it, a rollback gives the number back and a crash before commit
// loses none, so numbers are gapless and never reused. Returns
// FAILED_PRECONDITION when the settings number no docType documents.
func (s *Settings) NextNumber(ctx context.Context, tx *db.Tx, schema, docType string, date time.Time) (string, error) {
	if !schemaRE.MatchString(schema) {
		return "", fmt.Errorf("number sequence: bad schema name %q", schema)
	}
	n, ok := s.Numbering[docType]
	if !ok {
		return "", errs.E(errs.FailedPrecondition, "the tenant's settings number no %s documents", docType)
	}
	_, _, fy := s.FiscalYear(time.Date(date.Year(), date.Month(), date.Day(), 12, 0, 0, 0, s.Location()))
	key := ""
	if n.ResetEachFiscalYear {
		key = fy
	}
	var seq int64
	err := tx.QueryRow(ctx, `INSERT INTO `+schema+`.number_sequences AS s (tenant_id, doc_type, fiscal_year, last)
		VALUES (current_setting('app.tenant_id')::uuid, $1, $2, 1)
		ON CONFLICT (tenant_id, doc_type, fiscal_year) DO UPDATE SET last = s.last + 1
		RETURNING last`, docType, key).Scan(&seq)
	if err != nil {
		return "", fmt.Errorf("take %s number: %w", docType, err)
	}
	return n.Format(seq, fy, date), nil
}
