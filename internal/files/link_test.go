package files_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/vextrus/vextrus/internal/files"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// get fetches u without any credential and returns the status and body.
func get(tb testing.TB, u string) (int, string) {
	tb.Helper()
	res, err := http.Get(u)
	if err != nil {
		tb.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(raw)
}

// link stores a file of t and returns it with a download link.
func (f *fixture) link(tb testing.TB, t tenant.ID, name string) (files.FileJSON, files.LinkJSON) {
	tb.Helper()
	c := f.client(tb, t)
	var file files.FileJSON
	upload(c, name, "application/pdf", pdf(500), "").Want(tb, http.StatusCreated).Decode(tb, &file)
	var l files.LinkJSON
	c.Do(http.MethodPost, files.Base+"/"+file.ID.String()+"/link", nil).Want(tb, http.StatusOK).Decode(tb, &l)
	return file, l
}

func TestALinkExpiresAfterItsTTL(t *testing.T) {
	f := newFixture(t)
	_, l := f.link(t, tenant.New(), "a.pdf")
	if ttl := time.Until(l.ExpiresAt); ttl < 14*time.Minute || ttl > 15*time.Minute+time.Second {
		t.Fatalf("the link expires at %s, in %s; want 15 minutes", l.ExpiresAt, ttl)
	}
	if code, body := get(t, l.URL); code != http.StatusOK {
		t.Fatalf("a fresh link answered %d: %s", code, body)
	}
	f.clock.advance(14*time.Minute + 50*time.Second)
	if code, body := get(t, l.URL); code != http.StatusOK {
		t.Fatalf("a link with seconds left answered %d: %s", code, body)
	}
	f.clock.advance(15 * time.Second)
	code, body := get(t, l.URL)
	if code != http.StatusForbidden || !strings.Contains(body, "expired") {
		t.Fatalf("an expired link answered %d: %s", code, body)
	}
}

func TestATamperedLinkIsRefused(t *testing.T) {
	f := newFixture(t)
	tn := tenant.New()
	mine, l := f.link(t, tn, "mine.pdf")
	other, _ := f.link(t, tn, "other.pdf")
	stranger := tenant.New()
	foreign, _ := f.link(t, stranger, "foreign.pdf")
	tamper := func(change func(u *url.URL, q url.Values)) string {
		u, err := url.Parse(l.URL)
		if err != nil {
			t.Fatal(err)
		}
		q := u.Query()
		change(u, q)
		u.RawQuery = q.Encode()
		return u.String()
	}
	for name, u := range map[string]string{
		"another file of the tenant": strings.Replace(l.URL, mine.ID.String(), other.ID.String(), 1),
		"another tenant's file":      strings.Replace(l.URL, tn.String()+"/"+mine.ID.String(), stranger.String()+"/"+foreign.ID.String(), 1),
		"a longer expiry":            tamper(func(_ *url.URL, q url.Values) { q.Set("X-Amz-Expires", "604800") }),
		"a later date": tamper(func(_ *url.URL, q url.Values) {
			d, _ := time.Parse("20060102T150405Z", q.Get("X-Amz-Date"))
			q.Set("X-Amz-Date", d.Add(time.Hour).Format("20060102T150405Z"))
		}),
		"a changed signature": tamper(func(_ *url.URL, q url.Values) {
			s := []byte(q.Get("X-Amz-Signature"))
			s[0] = "01"[(s[0]-'0'+1)%2]
			q.Set("X-Amz-Signature", string(s))
		}),
		"another access key": tamper(func(_ *url.URL, q url.Values) {
			q.Set("X-Amz-Credential", strings.Replace(q.Get("X-Amz-Credential"), "test-key", "other-key", 1))
		}),
		"another download name": tamper(func(_ *url.URL, q url.Values) {
			q.Set("response-content-disposition", "attachment; filename=evil.html")
		}),
		"no signature": tamper(func(_ *url.URL, q url.Values) { q.Del("X-Amz-Signature") }),
	} {
		t.Run(name, func(t *testing.T) {
			if code, body := get(t, u); code != http.StatusForbidden && code != http.StatusBadRequest {
				t.Fatalf("a tampered link answered %d: %.300s", code, body)
			}
		})
	}
}

func TestALinkSignedWithAnotherSecretIsRefused(t *testing.T) {
	f := newFixture(t)
	file, _ := f.link(t, tenant.New(), "a.pdf")
	forged := f.cfg
	forged.SecretKey = "guessed-secret"
	st, err := files.NewS3(forged)
	if err != nil {
		t.Fatal(err)
	}
	u, _, err := st.Link(context.Background(), file.ID.String(), "a.pdf", "application/pdf", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if code, body := get(t, u); code != http.StatusForbidden || !strings.Contains(body, "SignatureDoesNotMatch") {
		t.Fatalf("a forged link answered %d: %s", code, body)
	}
	// Nor does the store take anything signed with it.
	if err := st.Put(context.Background(), "x/y", "application/pdf", pdf(10)); err == nil {
		t.Fatal("the store took an object signed with another secret")
	}
}
