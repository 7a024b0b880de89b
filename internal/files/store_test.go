package files_test

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/vextrus/vextrus/internal/files"
	"github.com/vextrus/vextrus/internal/platform/db/dbtest"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

func TestTheFilesTableIsUnderRowLevelSecurity(t *testing.T) {
	f := newFixture(t)
	dbtest.AssertRLS(t, f.db.Admin, files.Name)
}

func TestAStoredFileRoundTripsByteExact(t *testing.T) {
	f := newFixture(t)
	tn := tenant.New()
	c := f.client(t, tn)
	for _, tc := range []struct {
		name, ct string
		body     []byte
	}{
		{"bill-2026-12.pdf", "application/pdf", pdf(300_000)},
		{"prices.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx(t)},
		{"notes.txt", "text/plain; charset=utf-8", []byte("চালান নং ১২৩\r\nডেলিভারি ঢাকা\n")},
		{"rates.csv", "text/csv", []byte("item,rate\ncement,520\n")},
		{"scan.png", "image/png", append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 100)...)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sum := sha256.Sum256(tc.body)
			want := hex.EncodeToString(sum[:])
			var got files.FileJSON
			upload(c, tc.name, tc.ct, tc.body, "").Want(t, http.StatusCreated).Decode(t, &got)
			if got.SHA256 != want || got.Size != int64(len(tc.body)) || got.Name != tc.name || got.Owner != nil {
				t.Fatalf("stored %+v, want sha256 %s and %d bytes", got, want, len(tc.body))
			}
			if mt, _, _ := strings.Cut(tc.ct, ";"); got.ContentType != mt {
				t.Errorf("content type %q, want %q", got.ContentType, mt)
			}

			content := c.Do(http.MethodGet, files.Base+"/"+got.ID.String()+"/content", nil).Want(t, http.StatusOK)
			if s := sha256.Sum256(content.Raw); hex.EncodeToString(s[:]) != want {
				t.Fatalf("the content read back differs (%d bytes)", len(content.Raw))
			}
			if cd := content.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment") {
				t.Errorf("Content-Disposition %q", cd)
			}

			var link files.LinkJSON
			c.Do(http.MethodPost, files.Base+"/"+got.ID.String()+"/link", nil).Want(t, http.StatusOK).Decode(t, &link)
			res, err := http.Get(link.URL)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			raw, _ := io.ReadAll(res.Body)
			if s := sha256.Sum256(raw); res.StatusCode != http.StatusOK || hex.EncodeToString(s[:]) != want {
				t.Fatalf("the link answered %d with %d bytes: %.200s", res.StatusCode, len(raw), raw)
			}
		})
	}
	if got := len(f.db.Outbox(t, files.Name, tn, files.EventStored)); got != 5 {
		t.Errorf("%d stored events, want 5", got)
	}
}

func TestDeletingAFileRemovesItsContentAndKeepsTheRecord(t *testing.T) {
	f := newFixture(t)
	tn := tenant.New()
	c := f.client(t, tn)
	var file files.FileJSON
	upload(c, "a.pdf", "application/pdf", pdf(100), "").Want(t, http.StatusCreated).Decode(t, &file)
	one := files.Base + "/" + file.ID.String()

	c.Do(http.MethodDelete, one, nil, "X-Test-Permissions", files.PermRead+","+files.PermWrite).WantProblem(t, http.StatusForbidden, "PERMISSION_DENIED")
	c.Do(http.MethodDelete, one, nil).Want(t, http.StatusNoContent)
	c.Do(http.MethodGet, one, nil).WantProblem(t, http.StatusNotFound, "NOT_FOUND")
	c.Do(http.MethodGet, one+"/content", nil).WantProblem(t, http.StatusNotFound, "NOT_FOUND")
	c.Do(http.MethodPost, one+"/link", nil).WantProblem(t, http.StatusNotFound, "NOT_FOUND")
	c.Do(http.MethodDelete, one, nil).WantProblem(t, http.StatusNotFound, "NOT_FOUND")
	if n := f.objects(t, tn.String()+"/"); n != 0 {
		t.Errorf("%d objects left in the store", n)
	}
	if n := f.rows(t, tn); n != 1 {
		t.Errorf("%d rows, want the deleted file's record", n)
	}
	if got := len(f.db.Outbox(t, files.Name, tn, files.EventDeleted)); got != 1 {
		t.Errorf("%d deleted events, want 1", got)
	}
}
