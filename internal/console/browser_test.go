package console_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/vextrus/vextrus/internal/platform/testwait"
)

// chromium finds Debian's chromium; the browser tests skip without it,
// unless VEXTRUS_REQUIRE_TOOLS is set (CI), where they fail.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("VEXTRUS_REQUIRE_TOOLS") != "" {
		t.Fatal("chromium is required (VEXTRUS_REQUIRE_TOOLS is set): apt-get install chromium")
	}
	t.Skip("chromium is not installed (apt-get install chromium)")
	return ""
}

// browser starts a headless chromium for the test and returns its first
// tab's context; others come from tab.
func browser(t *testing.T) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(chromium(t)), chromedp.NoSandbox,
		chromedp.WindowSize(1280, 1000), chromedp.Flag("lang", "en-US"))
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(alloc)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// tab is a new browser context (its own cookies, like another person's
// browser) in the browser of parent.
func tab(t *testing.T, parent context.Context) context.Context {
	t.Helper()
	ctx, cancel := chromedp.NewContext(parent, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("new browser context: %v", err)
	}
	return ctx
}

// do runs steps with a deadline, failing the test with what was being
// done and the page's main element.
func do(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	c, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	if err := chromedp.Do(c, steps...); err != nil {
		c, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		url, _ := chromedp.Run(c, chromedp.Location())
		html, _ := chromedp.Run(c, chromedp.Evaluate[string](`document.querySelector("main") ? document.querySelector("main").outerHTML : document.documentElement.outerHTML`))
		t.Fatalf("%s: %v\nat %s: %s", what, err, url, html)
	}
}

// get runs one action that returns a value.
func get[T any](t *testing.T, ctx context.Context, what string, a chromedp.Action[T]) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	return v
}

// shot saves a (PNG: quality 100) screenshot of the page as a test artifact (go test
// -artifacts keeps them under _artifacts/).
func shot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	png := get(t, ctx, "screenshot "+name, chromedp.FullScreenshot(100))
	if err := os.WriteFile(filepath.Join(t.ArtifactDir(), name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// waitText waits until the element at sel shows text containing want.
func waitText(sel, want string) chromedp.Action[chromedp.Void] {
	return chromedp.Poll[chromedp.Void](fmt.Sprintf(`(() => { const e = document.querySelector(%q); return !!e && e.innerText.includes(%q); })()`, sel, want),
		chromedp.WithPollingTimeout(30*time.Second))
}

// showsWithin reloads url until the element at sel shows want: what
// another process (the workflow, the approver) changes arrives on its own
// time.
func showsWithin(t *testing.T, ctx context.Context, url, sel, want string) {
	t.Helper()
	testwait.For(t, 60*time.Second, url+" shows "+want+" in "+sel, func() bool {
		c, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		if err := chromedp.Do(c, chromedp.Navigate(url), chromedp.WaitReady(chromedp.CSS("main h1"))); err != nil {
			return false
		}
		ok, err := chromedp.Run(c, chromedp.Evaluate[bool](fmt.Sprintf(`(() => { const e = document.querySelector(%q); return !!e && e.innerText.includes(%q); })()`, sel, want)))
		return err == nil && ok
	})
}

// signInAs signs in through the form.
func signInAs(t *testing.T, ctx context.Context, base, tenant, email, password string) {
	t.Helper()
	do(t, ctx, "sign in as "+email,
		chromedp.Navigate(base+"/console/sign-in"),
		chromedp.WaitVisible(chromedp.CSS(`input[name="tenant"]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name="tenant"]`), tenant),
		chromedp.SendKeys(chromedp.CSS(`input[name="email"]`), email),
		chromedp.SendKeys(chromedp.CSS(`input[name="password"]`), password),
		chromedp.Click(chromedp.CSS(`form button[type="submit"]`)),
		waitText("main h1", "What waits for you"),
	)
}

// location is the page's path.
func location(t *testing.T, ctx context.Context) string {
	t.Helper()
	return get(t, ctx, "read the location", chromedp.Evaluate[string](`location.pathname`))
}

func lastSegment(path string) string { return path[strings.LastIndex(path, "/")+1:] }

// setValue sets the value of the input or select at sel, as a user's
// choice would.
func setValue(sel, v string) chromedp.Action[chromedp.Void] {
	return chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(() => { const e = document.querySelector(%q); e.value = %q; e.dispatchEvent(new Event('change', {bubbles: true})); })()`, sel, v))
}
