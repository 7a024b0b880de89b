package devs3_test

import (
	"context"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vextrus/vextrus/internal/files"
	"github.com/vextrus/vextrus/internal/files/devs3"
)

// start runs a store on file with the test credential and returns the
// files section that reaches it.
func start(tb testing.TB, file string) (*devs3.Server, files.Config) {
	tb.Helper()
	c := files.DefaultConfig()
	c.AccessKey, c.SecretKey, c.PathStyle = "dev-key", "dev-secret", true
	s, err := devs3.Start(devs3.Options{File: file, AccessKey: c.AccessKey, SecretKey: c.SecretKey, Region: c.Region,
		Buckets: []string{c.Bucket}})
	if err != nil {
		tb.Fatal(err)
	}
	c.Endpoint = s.URL()
	return s, c
}

func TestObjectsOutliveARestartOnTheSameFile(t *testing.T) {
	file := filepath.Join(t.TempDir(), "dev", "files.bolt")
	ctx := context.Background()
	s, c := start(t, file)
	st, err := files.NewS3(c)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Put(ctx, "t1/f1", "text/plain", []byte("kept")); err != nil {
		t.Fatal(err)
	}
	if err := s.Stop(ctx); err != nil {
		t.Fatal(err)
	}

	s, c = start(t, file)
	t.Cleanup(func() { _ = s.Stop(context.Background()) })
	if st, err = files.NewS3(c); err != nil {
		t.Fatal(err)
	}
	body, err := st.Get(ctx, "t1/f1")
	if err != nil {
		t.Fatal(err)
	}
	defer body.Close()
	if got, _ := io.ReadAll(body); string(got) != "kept" {
		t.Fatalf("read back %q", got)
	}
}

func TestUnsignedRequestsAreRefused(t *testing.T) {
	s, c := start(t, "")
	t.Cleanup(func() { _ = s.Stop(context.Background()) })
	for _, req := range []struct{ method, path string }{
		{http.MethodGet, "/"},
		{http.MethodGet, "/" + c.Bucket + "?list-type=2"},
		{http.MethodPut, "/" + c.Bucket + "/t1/x"},
	} {
		r, err := http.NewRequest(req.method, s.URL()+req.path, strings.NewReader("x"))
		if err != nil {
			t.Fatal(err)
		}
		res, err := http.DefaultClient.Do(r)
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusForbidden || !strings.Contains(string(raw), "AccessDenied") {
			t.Errorf("%s %s answered %d: %s", req.method, req.path, res.StatusCode, raw)
		}
	}
}
