package console_test

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/vextrus/vextrus/internal/console"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/testwait"
)

// redisServer starts a throwaway redis-server (no persistence, loopback)
// for the test and returns its URL and a function that stops it. Without
// the binary the test skips, saying so, unless VEXTRUS_REQUIRE_TOOLS is
// set (CI, whose .ci/run installs redis-server), where it fails.
func redisServer(t *testing.T) (url string, stop func()) {
	t.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		if os.Getenv("VEXTRUS_REQUIRE_TOOLS") != "" {
			t.Fatal("redis-server is required (VEXTRUS_REQUIRE_TOOLS is set): apt-get install redis-server")
		}
		t.Skip("redis-server is not installed, so the Redis session store is not tested here (apt-get install redis-server)")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	cmd := exec.Command(bin, "--port", fmt.Sprint(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	stopped := false
	stop = func() {
		if !stopped {
			stopped = true
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		}
	}
	t.Cleanup(stop)
	url = fmt.Sprintf("redis://127.0.0.1:%d/0", port)
	probe := redis.NewClient(&redis.Options{Addr: fmt.Sprintf("127.0.0.1:%d", port)})
	defer probe.Close()
	testwait.For(t, 10*time.Second, "redis-server to accept connections", func() bool {
		return probe.Ping(context.Background()).Err() == nil
	})
	return url, stop
}

// redisStore is a RedisStore on a fresh redis-server.
func redisStore(t *testing.T) (*console.RedisStore, string) {
	t.Helper()
	url, _ := redisServer(t)
	s, err := console.NewRedisStore(url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s, url
}

func TestTheRedisStoreHoldsNoUsableCookieAndTheTimeToLive(t *testing.T) {
	s, url := redisStore(t)
	ctx := context.Background()
	in := sampleSession("keys")
	if err := s.Put(ctx, in, 10*time.Minute); err != nil {
		t.Fatal(err)
	}
	opts, _ := redis.ParseURL(url)
	rc := redis.NewClient(opts)
	defer rc.Close()
	keys, err := rc.Keys(ctx, "*").Result()
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) != 1 || keys[0] != "console:session:"+console.Key(in.ID) {
		t.Fatalf("keys %v, want only console:session:<sha-256 of the id>", keys)
	}
	raw, err := rc.Get(ctx, keys[0]).Result()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(raw, in.ID) || strings.Contains(keys[0], in.ID) {
		t.Fatalf("the stored record holds the cookie's value: %s", raw)
	}
	if ttl := rc.TTL(ctx, keys[0]).Val(); ttl <= 9*time.Minute || ttl > 10*time.Minute {
		t.Fatalf("redis TTL %v, want the 10 minutes put", ttl)
	}
}

func TestAnUnreachableRedisAnswersUnavailableNotSignedOut(t *testing.T) {
	url, stop := redisServer(t)
	s, err := console.NewRedisStore(url)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	in := sampleSession("outage")
	if err := s.Put(ctx, in, time.Hour); err != nil {
		t.Fatal(err)
	}
	stop()
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	// NOT_FOUND would send every user to sign-in for a store outage.
	if _, err := s.Get(ctx, in.ID); !errs.Is(err, errs.Unavailable) {
		t.Fatalf("get with redis down: %v, want UNAVAILABLE", err)
	}
	if err := s.Put(ctx, in, time.Hour); !errs.Is(err, errs.Unavailable) {
		t.Fatalf("put with redis down: %v, want UNAVAILABLE", err)
	}
}
