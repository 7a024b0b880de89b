package tenantsettings

import (
	"context"
	"fmt"
	"regexp"
	"slices"
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
	numbers, err := s.NextNumbers(ctx, tx, schema, date, docType)
	if err != nil {
		return "", err
	}
	return numbers[0], nil
}

// NextNumbers is NextNumber for several document types at once, in one
// statement: it answers their numbers in the order of docTypes and takes
// the rows' locks in that order, as calls of NextNumber in that order
// would. A transaction that numbers a document and its journal, say,
// saves a round trip. The types must differ.
func (s *Settings) NextNumbers(ctx context.Context, tx *db.Tx, schema string, date time.Time, docTypes ...string) ([]string, error) {
	if !schemaRE.MatchString(schema) {
		return nil, fmt.Errorf("number sequence: bad schema name %q", schema)
	}
	_, _, fy := s.FiscalYear(time.Date(date.Year(), date.Month(), date.Day(), 12, 0, 0, 0, s.Location()))
	keys := make([]string, len(docTypes))
	for i, docType := range docTypes {
		n, ok := s.Numbering[docType]
		if !ok {
			return nil, errs.E(errs.FailedPrecondition, "the tenant's settings number no %s documents", docType)
		}
		if n.ResetEachFiscalYear {
			keys[i] = fy
		}
		if slices.Contains(docTypes[:i], docType) {
			return nil, fmt.Errorf("number sequence: %s twice in one statement", docType)
		}
	}
	rows, err := tx.Query(ctx, `INSERT INTO `+schema+`.number_sequences AS s (tenant_id, doc_type, fiscal_year, last)
		SELECT current_setting('app.tenant_id')::uuid, u.d, u.k, 1
		FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS u(d, k, n) ORDER BY u.n
		ON CONFLICT (tenant_id, doc_type, fiscal_year) DO UPDATE SET last = s.last + 1
		RETURNING doc_type, last`, docTypes, keys)
	if err != nil {
		return nil, fmt.Errorf("take %v numbers: %w", docTypes, err)
	}
	defer rows.Close()
	seqs := make(map[string]int64, len(docTypes))
	for rows.Next() {
		var docType string
		var seq int64
		if err := rows.Scan(&docType, &seq); err != nil {
			return nil, fmt.Errorf("take %v numbers: %w", docTypes, err)
		}
		seqs[docType] = seq
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("take %v numbers: %w", docTypes, err)
	}
	out := make([]string, len(docTypes))
	for i, docType := range docTypes {
		seq, ok := seqs[docType]
		if !ok {
			return nil, fmt.Errorf("take %v numbers: no %s number answered", docTypes, docType)
		}
		out[i] = s.Numbering[docType].Format(seq, fy, date)
	}
	return out, nil
}
