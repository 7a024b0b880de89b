package masterdata

import (
	"bytes"
	"context"
	"encoding/json"
)

// StoredRoundTrip builds a record of kind (customer, vendor, product or
// unit) from a stored data column, as reads do, and returns its writable
// fields with the column a write of it would store.
func StoredRoundTrip(kind string, stored []byte) (fields any, again []byte, err error) {
	rec := map[string]Record{"customer": &Customer{}, "vendor": &Vendor{}, "product": &Product{}, "unit": &Unit{}}[kind]
	if err := rec.fromDB(stored); err != nil {
		return nil, nil, err
	}
	again, err = json.Marshal(rec.toDB())
	return rec.writable(), again, err
}

// ImportedRow is one data row of an import file as Import reads it,
// before anything is stored: the record's writable fields, or the error
// its row report carries.
type ImportedRow struct {
	Line   int
	Fields any
	Err    error
}

// ReadImport reads file as an import of kind (customer, vendor, product
// or unit) does, decoding and validating every data row and storing
// nothing; err is what Import returns for the file as a whole. export is
// the file Export writes of the valid rows' records.
func ReadImport(ctx context.Context, kind string, file []byte) (rows []ImportedRow, export []byte, err error) {
	s := &Service{}
	switch kind {
	case "customer":
		return readImport(ctx, newResource(s, customerKind()), file)
	case "vendor":
		return readImport(ctx, newResource(s, vendorKind()), file)
	case "product":
		return readImport(ctx, newResource(s, productKind(s)), file)
	}
	return readImport(ctx, newResource(s, unitKind()), file)
}

func readImport[T Record](ctx context.Context, r *Resource[T], file []byte) ([]ImportedRow, []byte, error) {
	cols, rows, err := r.readCSV(bytes.NewReader(file))
	if err != nil {
		return nil, nil, err
	}
	var buf bytes.Buffer
	cw := newCSVWriter(&buf)
	header := make([]string, len(r.k.csv))
	for i, c := range r.k.csv {
		header[i] = c.header
	}
	if err := cw.Write(header); err != nil {
		return nil, nil, err
	}
	out := make([]ImportedRow, len(rows))
	for i, row := range rows {
		rec, _, err := r.parseRow(ctx, cols, row)
		out[i] = ImportedRow{Line: row.line, Err: err}
		if err != nil {
			continue
		}
		out[i].Fields = rec.writable()
		cells, err := toCells(r.k.csv, rec)
		if err != nil {
			return nil, nil, err
		}
		if err := cw.Write(cells); err != nil {
			return nil, nil, err
		}
	}
	if err := cw.Flush(); err != nil {
		return nil, nil, err
	}
	return out, buf.Bytes(), nil
}

// DecodeNew reads and validates a create request's body for kind as the
// REST create handler does before it stores the record, returning the
// record's writable fields.
func DecodeNew(ctx context.Context, kind string, body []byte) (any, error) {
	s := &Service{}
	switch kind {
	case "customer":
		return decodeNew(ctx, newResource(s, customerKind()), body)
	case "vendor":
		return decodeNew(ctx, newResource(s, vendorKind()), body)
	case "product":
		return decodeNew(ctx, newResource(s, productKind(s)), body)
	}
	return decodeNew(ctx, newResource(s, unitKind()), body)
}

func decodeNew[T Record](ctx context.Context, r *Resource[T], body []byte) (any, error) {
	rec, err := r.Decode(body)
	if err != nil {
		return nil, err
	}
	if err := r.validate(ctx, rec); err != nil {
		return nil, err
	}
	return rec.writable(), nil
}
