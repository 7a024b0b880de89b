package masterdata_test

import (
	"encoding/json"
	"os"
	"reflect"
	"testing"

	"github.com/vextrus/vextrus/internal/masterdata"
)

// TestStoredRecordsSurviveAPIChanges reads a stored data column of every
// kind, with every field set, as a release reads the rows its predecessors
// wrote (testdata/stored). The record built from it must carry every field
// clients write, and writing it back must store the same document: an API
// field added, renamed or reshaped without its stored counterpart fails
// here instead of silently dropping data.
func TestStoredRecordsSurviveAPIChanges(t *testing.T) {
	for _, kind := range []string{"customer", "vendor", "product", "unit"} {
		t.Run(kind, func(t *testing.T) {
			stored, err := os.ReadFile("testdata/stored/" + kind + ".json")
			if err != nil {
				t.Fatal(err)
			}
			fields, again, err := masterdata.StoredRoundTrip(kind, stored)
			if err != nil {
				t.Fatal(err)
			}
			for _, path := range zeroFields(reflect.ValueOf(fields).Elem(), kind) {
				t.Errorf("%s is not filled from the stored document: a new API field needs its stored field and converters (stored.go)", path)
			}
			var want, got any
			if err := json.Unmarshal(stored, &want); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(again, &got); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(want, got) {
				t.Errorf("stored again as\n%s\nwant the document it was read from\n%s", again, stored)
			}
		})
	}
}

// zeroFields lists the paths of v's leaf fields that hold their zero
// value. A struct without exported fields (money.Amount) is a leaf; a
// slice must have elements, each walked.
func zeroFields(v reflect.Value, path string) []string {
	switch v.Kind() {
	case reflect.Struct:
		var out []string
		leaf := true
		for i := range v.NumField() {
			f := v.Type().Field(i)
			if !f.IsExported() {
				continue
			}
			leaf = false
			at := path + "." + f.Name
			if f.Anonymous {
				at = path
			}
			out = append(out, zeroFields(v.Field(i), at)...)
		}
		if leaf && v.IsZero() {
			return []string{path}
		}
		return out
	case reflect.Slice:
		if v.Len() == 0 {
			return []string{path}
		}
		var out []string
		for i := range v.Len() {
			out = append(out, zeroFields(v.Index(i), path+"[]")...)
		}
		return out
	}
	if v.IsZero() {
		return []string{path}
	}
	return nil
}
