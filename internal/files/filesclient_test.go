package files_test

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"testing"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/files/filesclient"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/svcclient"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// The client documents codes against: it stores raw bytes with their
// type and owner, reads them back and makes links, all as the caller.
func TestFilesClientPutsGetsAndLinks(t *testing.T) {
	f := newFixture(t)
	c := filesclient.Client{HTTP: svcclient.New("files", svcclient.HTTP(f.srv.URL, nil), svcclient.Policy{}, nil)}
	tn := tenant.New()
	ctx := clerk(tn)
	job := uuid.NewString()
	body := pdf(40_000)
	sum := sha256.Sum256(body)

	put, err := c.Put(ctx, "mushak-6.3-INV-0001.pdf", "application/pdf", body, filesclient.Owner{Type: "documents.job", ID: job})
	if err != nil {
		t.Fatal(err)
	}
	if put.SHA256 != hex.EncodeToString(sum[:]) || put.Size != int64(len(body)) || put.Owner.Type != "documents.job" || put.Owner.ID != job {
		t.Fatalf("Put answered %+v", put)
	}
	got, err := c.Get(ctx, put.ID)
	if err != nil || got.ID != put.ID || got.Name != "mushak-6.3-INV-0001.pdf" || got.CreatedBy == "" {
		t.Fatalf("Get answered %+v, %v", got, err)
	}
	l, err := c.Link(ctx, put.ID)
	if err != nil || l.ExpiresAt.IsZero() {
		t.Fatalf("Link answered %+v, %v", l, err)
	}
	if code, raw := get(t, l.URL); code != http.StatusOK || raw != string(body) {
		t.Fatalf("the link answered %d", code)
	}
	// A file of its own has the zero owner.
	own, err := c.Put(ctx, "notes.txt", "text/plain", []byte("hello"), filesclient.Owner{})
	if err != nil || own.Owner != (filesclient.Owner{}) {
		t.Fatalf("Put without owner answered %+v, %v", own, err)
	}
	// The service's refusals keep their code and field across the hop.
	_, err = c.Put(ctx, "x.pdf", "application/pdf", []byte("not a pdf"), filesclient.Owner{})
	if e := errs.As(err); e.Code != errs.InvalidArgument || len(e.Fields) != 1 || e.Fields[0].Field != "body" {
		t.Fatalf("a bad upload answered %v", err)
	}
	if _, err := c.Get(clerk(tenant.New()), put.ID); !errs.Is(err, errs.NotFound) {
		t.Fatalf("another tenant's Get answered %v", err)
	}
}
