package devserver_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/url"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vextrus/vextrus/internal/platform/temporalx/devserver"
	"github.com/vextrus/vextrus/internal/platform/testwait"
)

func start(t *testing.T, opts devserver.Options) *devserver.Server {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if opts.Logger == nil {
		opts.Logger = quiet
	}
	srv, err := devserver.Start(ctx, opts)
	if err != nil {
		t.Fatalf("start: %v", err)
	}
	t.Cleanup(func() { _ = srv.Stop() })
	return srv
}

func TestStopReleasesEverything(t *testing.T) {
	srv := start(t, devserver.Options{UIPort: -1})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := greet(ctx, srv, "greet-before-stop", "Khulna"); err != nil {
		t.Fatalf("workflow before stop: %v", err)
	}
	if len(goroutinesOf("go.temporal.io/server/")) == 0 {
		t.Fatal("found no server goroutine in a running server: the leak check would see nothing")
	}
	addr := srv.FrontendAddr()
	if srv.UIURL() != "" {
		t.Fatalf("UIURL = %q with UIPort -1, want none", srv.UIURL())
	}
	if err := srv.Stop(); err != nil {
		t.Fatalf("stop: %v", err)
	}
	if err := srv.Stop(); err != nil {
		t.Fatalf("second stop: %v", err)
	}

	l, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatalf("frontend port still bound after Stop: %v", err)
	}
	_ = l.Close()
	waitNoGoroutines(t, "go.temporal.io/server/")

	// A dev process restarting on its configured port finds it free.
	_, port, _ := net.SplitHostPort(addr)
	p, _ := strconv.Atoi(port)
	again := start(t, devserver.Options{Port: p, UIPort: -1})
	if again.FrontendAddr() != addr {
		t.Fatalf("restart on port %s listens on %s", port, again.FrontendAddr())
	}
}

func TestStartReportsBusyPort(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	port := busy.Addr().(*net.TCPAddr).Port

	for name, opts := range map[string]devserver.Options{
		"frontend": {Port: port, UIPort: -1},
		"web ui":   {UIPort: port},
	} {
		t.Run(name, func(t *testing.T) {
			srv, err := devserver.Start(context.Background(), opts)
			if err == nil {
				_ = srv.Stop()
				t.Fatalf("Start on busy %s port %d succeeded", name, port)
			}
		})
	}
}

func TestWebUIServesTheNamespace(t *testing.T) {
	srv := start(t, devserver.Options{Namespace: "vextrus-ui"})
	if srv.UIURL() == "" {
		t.Fatal("no UI URL with UIPort 0")
	}

	page := get(t, srv.UIURL()+"/")
	if !strings.Contains(strings.ToLower(page), "<html") {
		t.Fatalf("UI root is not an HTML page: %.200s", page)
	}
	// The UI's API proxies to the frontend: the namespace it reports
	// exists only in this server.
	ns := get(t, srv.UIURL()+"/api/v1/namespaces/vextrus-ui")
	if !strings.Contains(ns, `"vextrus-ui"`) {
		t.Fatalf("UI API does not describe the namespace: %.300s", ns)
	}

	u, _ := url.Parse(srv.UIURL())
	if err := srv.Stop(); err != nil {
		t.Fatalf("stop: %v", err)
	}
	l, err := net.Listen("tcp", u.Host)
	if err != nil {
		t.Fatalf("UI port still bound after Stop: %v", err)
	}
	_ = l.Close()
	waitNoGoroutines(t, "github.com/labstack/echo")
}

func get(t *testing.T, u string) string {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s: %.300s", u, resp.Status, body)
	}
	return string(body)
}

// waitNoGoroutines waits until no goroutine runs code from pkg, failing
// with their stacks after a deadline: services wind down asynchronously.
func waitNoGoroutines(t *testing.T, pkg string) {
	t.Helper()
	var left []string
	defer func() {
		if len(left) > 0 {
			t.Logf("%d goroutines of %s still run, first:\n%s", len(left), pkg, left[0])
		}
	}()
	testwait.For(t, 10*time.Second, "no goroutine of "+pkg+" runs after Stop", func() bool {
		left = goroutinesOf(pkg)
		return len(left) == 0
	})
}

// goroutinesOf returns the stacks of goroutines running code from pkg.
func goroutinesOf(pkg string) []string {
	buf := make([]byte, 16<<20)
	buf = buf[:runtime.Stack(buf, true)]
	var found []string
	for _, g := range strings.Split(string(buf), "\n\n") {
		if strings.Contains(g, pkg) {
			found = append(found, g)
		}
	}
	return found
}
