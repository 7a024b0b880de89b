package httpx_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"reflect"
	"testing"

	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/httpx"
)

// fuzzBody has a field of every shape request types use: text, numbers,
// flags, nested objects, lists of objects, maps, pointers and raw JSON.
type fuzzBody struct {
	Name    string  `json:"name"`
	Count   int     `json:"count"`
	Ratio   float64 `json:"ratio"`
	Active  *bool   `json:"active"`
	Address struct {
		Line1 string `json:"line1"`
		Post  uint16 `json:"postCode"`
	} `json:"address"`
	Lines []struct {
		SKU string `json:"sku"`
		Qty int64  `json:"qty"`
	} `json:"lines"`
	Labels map[string]int  `json:"labels"`
	Extra  json.RawMessage `json:"extra"`
}

var unmarshalSeeds = []string{
	`{"name":"Rahim Traders","count":3,"ratio":0.15,"active":true,"address":{"line1":"12 Motijheel","postCode":1000},` +
		`"lines":[{"sku":"RICE-50","qty":2}],"labels":{"a":1},"extra":{"any":[1,"x",null]}}`,
	`{"name":"a","name":"b"}`,
	`{"lines":[{"sku":"x"},{"sku":"y","sku":"z"}]}`,
	`{"name":"nul\u0000"}`,
	`{"":1}`,
	`{"unknown":1}`,
	`{"address":{"nope":1}}`,
	`{"count":"3"}`,
	`{"count":1e400}`,
	`{"address":{"postCode":70000}}`,
	`{} {}`,
	`[1,2]`,
	`null`,
	`"text"`,
	`{"name":"\ud800"}`,
	"{\"name\":\"\xff\"}",
	`{"labels":{"\u0000":1}}`,
	``,
	`   `,
	`{"lines":[`,
}

// checkDecodeError fails unless err is nil or an INVALID_ARGUMENT naming
// at least one field, each by a non-empty name.
func checkDecodeError(t *testing.T, data []byte, err error) {
	t.Helper()
	if err == nil {
		return
	}
	var e *errs.Error
	if !errors.As(err, &e) || e.Code != errs.InvalidArgument || len(e.Fields) == 0 {
		t.Fatalf("decode %q: %v, want INVALID_ARGUMENT naming a field", data, err)
	}
	for _, f := range e.Fields {
		if f.Field == "" || f.Message == "" {
			t.Fatalf("decode %q: %v names field %q with message %q", data, err, f.Field, f.Message)
		}
	}
}

// FuzzUnmarshal checks the platform's one strict JSON decoder: it either
// decodes a value or refuses with INVALID_ARGUMENT naming a field, never
// accepts what is not JSON, and what it accepts encodes back to a
// document it accepts as the same value.
func FuzzUnmarshal(f *testing.F) {
	for _, s := range unmarshalSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var dst fuzzBody
		err := httpx.Unmarshal(data, &dst)
		checkDecodeError(t, data, err)
		if err != nil {
			return
		}
		if !json.Valid(data) {
			t.Fatalf("Unmarshal accepted %q, which is not JSON", data)
		}
		again, err := json.Marshal(dst)
		if err != nil {
			t.Fatalf("encode what %q decoded to: %v", data, err)
		}
		var back fuzzBody
		if err := httpx.Unmarshal(again, &back); err != nil {
			t.Fatalf("Unmarshal(%q) decoded to %s, which it refuses: %v", data, again, err)
		}
		if !reflect.DeepEqual(normalized(t, dst), normalized(t, back)) {
			t.Fatalf("Unmarshal(%q) = %+v; its encoding %s decodes to %+v", data, dst, again, back)
		}
	})
}

// normalized compares raw JSON by meaning: Marshal compacts it, and a
// missing member encodes as null, which decodes as the raw text null.
func normalized(t *testing.T, b fuzzBody) fuzzBody {
	t.Helper()
	if string(b.Extra) == "null" {
		b.Extra = nil
	}
	if b.Extra != nil {
		var buf bytes.Buffer
		if err := json.Compact(&buf, b.Extra); err != nil {
			t.Fatalf("compact %q: %v", b.Extra, err)
		}
		b.Extra = buf.Bytes()
	}
	return b
}

// FuzzDecodeJSON sends a body with a content type through DecodeJSON, as
// every REST handler decodes its request: the result is a value or an
// INVALID_ARGUMENT naming a field, answered 400, 413 or 415.
func FuzzDecodeJSON(f *testing.F) {
	for _, ct := range []string{"application/json", "application/json; charset=utf-8", "application/json; charset=latin1",
		"text/plain", "", "application/json;;", "application/merge-patch+json"} {
		f.Add(ct, []byte(unmarshalSeeds[0]))
	}
	for _, s := range unmarshalSeeds {
		f.Add("application/json", []byte(s))
	}
	f.Fuzz(func(t *testing.T, contentType string, body []byte) {
		r := httptest.NewRequest(http.MethodPost, "/v1/things", bytes.NewReader(body))
		r.Header.Set("Content-Type", contentType)
		var dst fuzzBody
		err := httpx.DecodeJSON(r, &dst)
		checkDecodeError(t, body, err)
		if err == nil {
			return
		}
		switch st := errs.As(err).HTTPStatus(); st {
		case http.StatusBadRequest, http.StatusUnsupportedMediaType, http.StatusRequestEntityTooLarge:
		default:
			t.Fatalf("DecodeJSON(%q, %q) answers %d", contentType, body, st)
		}
	})
}
