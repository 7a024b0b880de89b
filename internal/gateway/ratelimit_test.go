package gateway_test

import (
	"context"
	"fmt"
	"net"
	"os/exec"
	"testing"
	"time"

	"github.com/vextrus/vextrus/internal/gateway"
	"github.com/vextrus/vextrus/internal/platform/testwait"
)

// testLimiter checks the token bucket contract every limiter keeps.
func testLimiter(t *testing.T, l gateway.Limiter) {
	ctx := context.Background()
	key := fmt.Sprintf("test:%d", time.Now().UnixNano())
	for i := range 3 {
		if ok, _, err := l.Take(ctx, key, 1, 3); err != nil || !ok {
			t.Fatalf("take %d of a burst of 3: ok=%v err=%v", i+1, ok, err)
		}
	}
	ok, wait, err := l.Take(ctx, key, 1, 3)
	if err != nil || ok || wait <= 0 || wait > time.Second {
		t.Fatalf("4th take: ok=%v wait=%s err=%v, want refused with a wait up to 1s", ok, wait, err)
	}
	if ok, _, _ := l.Take(ctx, key+":other", 1, 3); !ok {
		t.Fatal("another key shares the bucket")
	}
	testwait.For(t, 3*time.Second, "a token to refill", func() bool {
		ok, _, _ := l.Take(ctx, key, 1, 3)
		return ok
	})
}

func TestMemoryLimiter(t *testing.T) { testLimiter(t, gateway.NewMemoryLimiter()) }

// TestRedisLimiter runs the same contract against a real Redis, started
// from the local redis-server binary (.ci/run installs it).
func TestRedisLimiter(t *testing.T) {
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		t.Fatal("redis-server is not installed: apt-get install redis-server")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	cmd := exec.Command(bin, "--port", fmt.Sprint(port), "--save", "", "--appendonly", "no", "--bind", "127.0.0.1")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	l, err := gateway.NewRedisLimiter(fmt.Sprintf("redis://127.0.0.1:%d/0", port))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = l.Close() })
	testwait.For(t, 10*time.Second, "redis to accept connections", func() bool {
		_, _, err := l.Take(context.Background(), "probe", 1, 1)
		return err == nil
	})
	testLimiter(t, l)
}
