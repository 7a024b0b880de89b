package masterdata

import "encoding/json"

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
