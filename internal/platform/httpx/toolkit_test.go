package httpx_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/httpx"
)

// fieldOf returns the one field a problem names.
func fieldOf(t *testing.T, res *http.Response, status int) (httpx.Problem, string) {
	t.Helper()
	p := problem(t, res)
	if res.StatusCode != status || p.Status != status || len(p.Errors) != 1 {
		t.Fatalf("got %d %+v, want %d naming one field", res.StatusCode, p, status)
	}
	return p, p.Errors[0].Field
}

func TestStrictDecodingNamesTheField(t *testing.T) {
	h := stack(t, prometheus.NewRegistry())
	cases := []struct{ name, body, field string }{
		{"duplicate key", `{"name":"a","name":"b"}`, "name"},
		{"NUL in a string", `{"name":"a\u0000b"}`, "name"},
		{"two values", `{"name":"a"} {"name":"b"}`, "body"},
		{"not JSON", `{"name":`, "body"},
		// Found by FuzzUnmarshal: these problems named the field "".
		{"unknown member with an empty name", `{"":1}`, `""`},
		{"repeated empty member name", `{"":1,"":2}`, `""`},
		{"unknown member whose name holds quotes", `{"\"colour\"":1}`, `"colour"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, field := fieldOf(t, do(h, "POST", "/orders", c.body), 400)
			if field != c.field || p.Code != errs.InvalidArgument {
				t.Fatalf("named %q (%+v), want %q", field, p, c.field)
			}
		})
	}
	t.Run("nested duplicates and NULs are named by path", func(t *testing.T) {
		var dst map[string]any
		for body, want := range map[string]string{
			`{"a":{"b":1,"b":2}}`:              "a.b",
			`{"a":[{"c":"x"},{"c":"\u0000"}]}`: "a[1].c",
			`{"a":{"b":[1,{"x\u0000":1}]}}`:    `a.b[1].x\u0000`,
			`["\u0000"]`:                       "[0]",
			`{"a":{"":"\u0000"}}`:              `a.""`,
		} {
			err := httpx.Unmarshal([]byte(body), &dst)
			if e := errs.As(err); e.Code != errs.InvalidArgument || len(e.Fields) != 1 || e.Fields[0].Field != want {
				t.Errorf("%s: %v, want field %s", body, err, want)
			}
		}
	})
	t.Run("the same name in sibling objects is fine", func(t *testing.T) {
		var dst map[string]any
		if err := httpx.Unmarshal([]byte(`{"a":{"n":1},"b":{"n":2},"c":[{"n":1},{"n":2}]}`), &dst); err != nil {
			t.Fatal(err)
		}
	})
}

func TestAWrongContentTypeIs415NamingJSON(t *testing.T) {
	h := stack(t, prometheus.NewRegistry())
	for name, ct := range map[string]string{
		"curl -d form": "application/x-www-form-urlencoded",
		"text":         "text/plain",
		"none":         "",
		"latin-1":      "application/json; charset=iso-8859-1",
	} {
		t.Run(name, func(t *testing.T) {
			res := do(h, "POST", "/orders", `{"name":"x"}`, "Content-Type", ct)
			p, field := fieldOf(t, res, http.StatusUnsupportedMediaType)
			if field != "Content-Type" || p.Code != errs.InvalidArgument || !strings.Contains(p.Detail, "application/json") {
				t.Fatalf("%+v", p)
			}
			if got := res.Header.Get("Accept-Post"); got != "application/json" {
				t.Fatalf("Accept-Post %q", got)
			}
		})
	}
	t.Run("an empty body is 400 whatever its type", func(t *testing.T) {
		if _, field := fieldOf(t, do(h, "POST", "/orders", "", "Content-Type", ""), 400); field != "body" {
			t.Fatalf("named %q", field)
		}
	})
	t.Run("parameters of JSON are taken", func(t *testing.T) {
		res := do(h, "POST", "/orders", `{"name":"x"}`, "Content-Type", "Application/JSON; charset=UTF-8")
		if res.StatusCode != http.StatusCreated {
			t.Fatalf("got %d", res.StatusCode)
		}
	})
}

func TestRefinedStatusesStayInTheirCodesFamily(t *testing.T) {
	if got := errs.E(errs.FailedPrecondition, "x").WithStatus(428).HTTPStatus(); got != 428 {
		t.Errorf("428 under FAILED_PRECONDITION answered %d", got)
	}
	if got := errs.E(errs.NotFound, "x").WithStatus(428).HTTPStatus(); got != 404 {
		t.Errorf("428 under NOT_FOUND answered %d, want the code's 404", got)
	}
	if errs.FromHTTPStatus(415) != errs.InvalidArgument || errs.FromHTTPStatus(428) != errs.FailedPrecondition {
		t.Error("refined statuses do not map back to their codes")
	}
	p := httpx.ToProblem(errs.E(errs.FailedPrecondition, "x").WithStatus(428), "")
	if p.Status != 428 || p.Code != errs.FailedPrecondition || p.Err().HTTPStatus() != 428 {
		t.Errorf("problem %+v", p)
	}
}

func TestIfMatchFollowsRFC9110(t *testing.T) {
	const current = 3
	read := func() (int, error) { return current, nil }
	// check plays a store: it refuses an expected version that is not the
	// current one as stale.
	check := func(header string, required bool) (int, error) {
		r, _ := http.NewRequest("PATCH", "/x", nil)
		if header != "" {
			r.Header.Set("If-Match", header)
		}
		cond := httpx.IfMatch(r)
		if required {
			if err := cond.Required(); err != nil {
				return 0, err
			}
		}
		v, err := cond.Version(read)
		if err == nil && v != 0 && v != current {
			err = cond.Err(errs.Stale("at version %d", current))
		}
		return v, err
	}
	for _, c := range []struct {
		header   string
		required bool
		status   int
		version  int
	}{
		{`"3"`, true, 0, 3},
		{`"2"`, true, 412, 0},
		{`"999"`, true, 412, 0},
		{`"never-issued"`, true, 412, 0},
		{`W/"3"`, true, 412, 0},
		{`3`, true, 412, 0},
		{`"1", "3"`, true, 0, 3},
		{`"1", "2"`, true, 412, 0},
		{`*`, true, 0, 0},
		{``, true, 428, 0},
		{``, false, 0, 0},
	} {
		v, err := check(c.header, c.required)
		status := 0
		if err != nil {
			status = errs.As(err).HTTPStatus()
		}
		if status != c.status || (err == nil && v != c.version) {
			t.Errorf("If-Match %s (required %v): %d version %d (%v), want %d version %d", c.header, c.required, status, v, err, c.status, c.version)
		}
	}
}

func TestQueryParametersAreCheckedByName(t *testing.T) {
	read := func(raw string) (*bool, int, string, error) {
		r, _ := http.NewRequest("GET", "/x?"+raw, nil)
		q := httpx.ReadQuery(r)
		b, limit, state := q.Bool("blacklisted"), q.Limit(50, 200), q.Enum("archived", "false", "false", "true", "any")
		return b, limit, state, q.Err()
	}
	for raw, field := range map[string]string{
		"blacklisted=perhaps": "blacklisted",
		"archived=maybe":      "archived",
		"limit=0":             "limit",
		"limit=ten":           "limit",
		"limit=1&limit=2":     "limit",
		"colour=red":          "colour",
	} {
		_, _, _, err := read(raw)
		if e := errs.As(err); e.Code != errs.InvalidArgument || len(e.Fields) != 1 || e.Fields[0].Field != field {
			t.Errorf("%s: %v, want INVALID_ARGUMENT naming %s", raw, err, field)
		}
	}
	b, limit, state, err := read("blacklisted=false&limit=7&archived=any")
	if err != nil || b == nil || *b || limit != 7 || state != "any" {
		t.Errorf("good values read as %v %d %q %v", b, limit, state, err)
	}
}

func TestDocumentServesItsBytesAsJSON(t *testing.T) {
	doc := []byte(`{"openapi":"3.1.0"}`)
	rec := httptest.NewRecorder()
	httpx.Document(doc).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/v1/x/openapi.json", nil))
	if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "application/json" || rec.Body.String() != string(doc) {
		t.Fatalf("Document answered %d %q %q", rec.Code, rec.Header().Get("Content-Type"), rec.Body.String())
	}
}
