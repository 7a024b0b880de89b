package app_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/vextrus/vextrus/internal/app"
)

// runHealth runs `vextrus health` with args and returns what it printed
// and its error.
func runHealth(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	cmd := app.Command(&out, &errOut)
	cmd.SetArgs(append([]string{"health"}, args...))
	err := cmd.ExecuteContext(context.Background())
	return out.String(), err
}

func TestHealthCommandPassesOnlyWhenTheProcessAnswers2xx(t *testing.T) {
	status := http.StatusOK
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/readyz" {
			http.NotFound(w, r)
			return
		}
		w.WriteHeader(status)
		_, _ = w.Write([]byte(`{"status":"starting"}`))
	}))
	defer srv.Close()

	t.Run("ready process exits 0", func(t *testing.T) {
		out, err := runHealth(t, "--url", srv.URL+"/readyz")
		if err != nil || !strings.Contains(out, "200") {
			t.Fatalf("err %v, out %q", err, out)
		}
	})
	t.Run("not ready process fails with its answer", func(t *testing.T) {
		status = http.StatusServiceUnavailable
		defer func() { status = http.StatusOK }()
		_, err := runHealth(t, "--url", srv.URL+"/readyz")
		if err == nil || !strings.Contains(err.Error(), "503") || !strings.Contains(err.Error(), "starting") {
			t.Fatalf("err %v", err)
		}
	})
	t.Run("redirect is a failure", func(t *testing.T) {
		redir := httptest.NewServer(http.RedirectHandler(srv.URL+"/readyz", http.StatusFound))
		defer redir.Close()
		if _, err := runHealth(t, "--url", redir.URL); err == nil {
			t.Fatal("a redirect passed the health check")
		}
	})
	t.Run("nothing listening fails", func(t *testing.T) {
		dead := httptest.NewServer(http.NotFoundHandler())
		url := dead.URL
		dead.Close()
		if _, err := runHealth(t, "--url", url+"/readyz", "--timeout", "2s"); err == nil {
			t.Fatal("a closed port passed the health check")
		}
	})
}
