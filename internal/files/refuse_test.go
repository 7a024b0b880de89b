package files_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/vextrus/vextrus/internal/files"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// Every refused upload names the field at fault and leaves neither a row
// nor an object nor an event behind.
func TestRefusedUploadsNameTheFieldAndStoreNothing(t *testing.T) {
	f := newFixture(t)
	tn := tenant.New()
	c := f.client(t, tn)
	zipOnly := []byte("PK\x03\x04 not an office document")
	for _, tc := range []struct {
		name, file, ct string
		body           []byte
		query          string
		status         int
		field          string
		says           string
	}{
		{"too large", "big.pdf", "application/pdf", pdf(1<<20 + 1), "", http.StatusRequestEntityTooLarge, "body", "1048576"},
		{"a type not accepted", "setup.exe", "application/x-msdownload", []byte("MZ\x90\x00"), "", http.StatusUnsupportedMediaType, "contentType", "not accepted"},
		{"png bytes declared as pdf", "x.pdf", "application/pdf", append([]byte("\x89PNG\r\n\x1a\n"), 0, 0), "", http.StatusUnsupportedMediaType, "body", "application/pdf"},
		{"an executable declared as jpeg", "x.jpg", "image/jpeg", []byte("MZ\x90\x00\x03"), "", http.StatusUnsupportedMediaType, "body", "image/jpeg"},
		{"text that is not UTF-8", "x.txt", "text/plain", []byte("caf\xe9\n"), "", http.StatusUnsupportedMediaType, "body", "text/plain"},
		{"text with NUL bytes", "x.csv", "text/csv", []byte("a,b\x00\n"), "", http.StatusUnsupportedMediaType, "body", "text/csv"},
		{"JSON that does not parse", "x.json", "application/json", []byte(`{"a":`), "", http.StatusUnsupportedMediaType, "body", "application/json"},
		{"a zip declared as xlsx", "x.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", zipOnly, "", http.StatusUnsupportedMediaType, "body", "spreadsheetml"},
		{"a charset other than UTF-8", "x.txt", "text/plain; charset=windows-1252", []byte("abc"), "", http.StatusUnsupportedMediaType, "contentType", "UTF-8"},
		{"no content type", "x.pdf", "", pdf(100), "", http.StatusBadRequest, "contentType", "required"},
		{"an empty body", "x.pdf", "application/pdf", nil, "", http.StatusBadRequest, "body", "empty"},
		{"a path as name", "..%2Fetc%2Fpasswd", "application/pdf", pdf(100), "", http.StatusBadRequest, "name", "without a path"},
		{"no name", "", "application/pdf", pdf(100), "", http.StatusBadRequest, "name", "required"},
		{"an unknown owner type", "x.pdf", "application/pdf", pdf(100), "&ownerType=hr.employee&ownerId=0190a0b0-0000-7000-8000-000000000001", http.StatusBadRequest, "ownerType", "finance.invoice"},
		{"an owner id that is no UUID", "x.pdf", "application/pdf", pdf(100), "&ownerType=finance.invoice&ownerId=INV-1", http.StatusBadRequest, "ownerId", "UUID"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var body any
			if tc.body != nil {
				body = tc.body
			}
			r := c.Do(http.MethodPost, files.Base+"?name="+tc.file+tc.query, body, "Content-Type", tc.ct)
			p := r.WantProblem(t, tc.status, errs.InvalidArgument)
			if fields := r.Fields(t); !slices.Contains(fields, tc.field) {
				t.Fatalf("fields %v, want %s: %s", fields, tc.field, r.Raw)
			}
			if !strings.Contains(string(r.Raw), tc.says) {
				t.Errorf("the problem does not say %q: %s (%s)", tc.says, r.Raw, p.Detail)
			}
		})
	}
	if n := f.rows(t, tn); n != 0 {
		t.Errorf("%d rows stored", n)
	}
	if n := f.objects(t, tn.String()+"/"); n != 0 {
		t.Errorf("%d objects stored", n)
	}
	if n := len(f.db.Outbox(t, files.Name, tn, files.EventStored)); n != 0 {
		t.Errorf("%d events", n)
	}
}

// ownerless says no owner exists.
type ownerless struct{}

func (ownerless) CheckOwner(context.Context, files.Owner) error {
	return errs.Field("ownerId", "no such owner")
}

func TestAnAttachmentToAMissingOwnerIsRefused(t *testing.T) {
	f := newFixture(t, func(d *files.Deps) { d.Owners = ownerless{} })
	tn := tenant.New()
	_, err := f.svc.Store(clerk(tn), files.Upload{Name: "a.pdf", ContentType: "application/pdf", Body: pdf(100),
		Owner: files.Owner{Type: files.OwnerInvoice, ID: [16]byte{1}}})
	if e := errs.As(err); e.Code != errs.InvalidArgument || len(e.Fields) != 1 || e.Fields[0].Field != "ownerId" {
		t.Fatalf("err %v", err)
	}
	if n := f.rows(t, tn); n != 0 {
		t.Errorf("%d rows stored", n)
	}
	// A file of its own is not checked.
	if _, err := f.svc.Store(clerk(tn), files.Upload{Name: "a.pdf", ContentType: "application/pdf", Body: pdf(100)}); err != nil {
		t.Fatal(err)
	}
}
