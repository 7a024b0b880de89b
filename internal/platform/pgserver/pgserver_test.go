package pgserver_test

import (
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/vextrus/vextrus/internal/platform/pgserver"
)

// dataDir returns a data directory path whose parents the postgres OS user
// can traverse (t.TempDir's are 0700, which matters when tests run as root).
func dataDir(tb testing.TB) string {
	tb.Helper()
	return filepath.Join(reachableDir(tb), "data")
}

// reachableDir is a directory the postgres OS user can traverse, removed
// when the test ends.
func reachableDir(tb testing.TB) string {
	tb.Helper()
	dir, err := os.MkdirTemp("", "pgserver-test-")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil {
		tb.Fatal(err)
	}
	return dir
}

func start(tb testing.TB, dir string) *pgserver.Server {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	s, err := pgserver.Start(ctx, pgserver.Options{DataDir: dir, Ephemeral: true})
	if err != nil {
		tb.Fatalf("start: %v", err)
	}
	tb.Cleanup(func() { _ = s.Stop() })
	return s
}

func exec(tb testing.TB, url, sql string) []string {
	tb.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		tb.Fatalf("connect: %v", err)
	}
	defer conn.Close(ctx)
	rows, err := conn.Query(ctx, sql, pgx.QueryExecModeSimpleProtocol)
	if err != nil {
		tb.Fatalf("%s: %v", sql, err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		tb.Fatalf("%s: %v", sql, err)
	}
	return out
}

func TestFindLocatesServerBinaries(t *testing.T) {
	dir, err := pgserver.Find()
	if err != nil {
		t.Fatalf("find: %v", err)
	}
	for _, name := range []string{"postgres", "initdb"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("%s missing in %s: %v", name, dir, err)
		}
	}
}

func TestDataPersistsAcrossRestart(t *testing.T) {
	dir := dataDir(t)
	s := start(t, dir)
	if !strings.HasPrefix(s.URL(), "postgres://postgres@127.0.0.1:") {
		t.Fatalf("URL = %q, want a superuser DSN on loopback", s.URL())
	}
	exec(t, s.URL(), "create table kept(v text); insert into kept values ('survives') returning v")
	port, pid := s.Port(), s.PID()
	if err := s.Stop(); err != nil {
		t.Fatalf("stop: %v", err)
	}
	assertStopped(t, port, pid, dir)

	s2 := start(t, dir)
	if got := exec(t, s2.URL(), "select v from kept"); len(got) != 1 || got[0] != "survives" {
		t.Fatalf("after restart kept = %v, want [survives]", got)
	}
	if got := exec(t, s2.URL(), "show listen_addresses"); got[0] != "127.0.0.1" {
		t.Errorf("listen_addresses = %v, want loopback only", got)
	}
	if got := exec(t, s2.URL(), "show server_encoding"); got[0] != "UTF8" {
		t.Errorf("server_encoding = %v, want UTF8", got)
	}
	// Commits do not wait while a new WAL segment is zero-filled.
	if got := exec(t, s2.URL(), "show wal_init_zero"); got[0] != "off" {
		t.Errorf("wal_init_zero = %v, want off", got)
	}
}

// assertStopped checks that Stop freed the port and left no postgres process
// working on dir.
func assertStopped(tb testing.TB, port, pid int, dir string) {
	tb.Helper()
	l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", port))
	if err != nil {
		tb.Errorf("port %d still taken after Stop: %v", port, err)
	} else {
		l.Close()
	}
	if err := syscall.Kill(pid, 0); err == nil {
		tb.Errorf("postmaster %d still alive after Stop", pid)
	}
	if procs := postgresOn(dir); len(procs) > 0 {
		tb.Errorf("postgres processes left on %s: %v", dir, procs)
	}
}

// postgresOn lists the pids of postgres processes whose command line or
// working directory names dir.
func postgresOn(dir string) []string {
	entries, _ := os.ReadDir("/proc")
	var pids []string
	for _, e := range entries {
		cmdline, err := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
		if err != nil {
			continue
		}
		cwd, _ := os.Readlink(filepath.Join("/proc", e.Name(), "cwd"))
		if strings.Contains(string(cmdline), dir) || cwd == dir {
			pids = append(pids, e.Name())
		}
	}
	return pids
}

func TestStartReplacesPIDFileOfUnrelatedProcess(t *testing.T) {
	dir := dataDir(t)
	s := start(t, dir)
	if err := s.Stop(); err != nil {
		t.Fatal(err)
	}
	// A killed server leaves its pid file; here the pid has been reused by
	// another process (this test binary).
	stale := fmt.Sprintf("%d\n%s\n", os.Getpid(), dir)
	if err := os.WriteFile(filepath.Join(dir, "postmaster.pid"), []byte(stale), 0o600); err != nil {
		t.Fatal(err)
	}
	s2 := start(t, dir)
	if got := exec(t, s2.URL(), "select 'up'"); got[0] != "up" {
		t.Fatalf("got %v", got)
	}
}

func TestRefusesSecondServerOnSameDir(t *testing.T) {
	dir := dataDir(t)
	start(t, dir)
	_, err := pgserver.Start(context.Background(), pgserver.Options{DataDir: dir})
	if err == nil || !strings.Contains(err.Error(), "already running") {
		t.Fatalf("second start err = %v, want already running", err)
	}
}

func TestRefusesForeignNonEmptyDir(t *testing.T) {
	dir := dataDir(t)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := pgserver.Start(context.Background(), pgserver.Options{DataDir: dir})
	if err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Fatalf("err = %v, want refusal of a non-empty directory", err)
	}
}

func TestRootKeepsFilesOfAnUnreachableDataDirWhereTheyAre(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("only a process running as root runs the server as another OS user")
	}
	base := dataDir(t)
	private := filepath.Join(filepath.Dir(base), "private")
	if err := os.MkdirAll(filepath.Join(private, "data"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(private, "data", "notes.txt"), []byte("mine"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := pgserver.Start(context.Background(), pgserver.Options{DataDir: filepath.Join(private, "data"), Home: t.TempDir()})
	if err == nil || !strings.Contains(err.Error(), "not traversable") {
		t.Fatalf("err = %v, want a message naming the untraversable parent", err)
	}
	if _, err := os.Stat(filepath.Join(private, "data", "notes.txt")); err != nil {
		t.Fatalf("the directory's files were touched: %v", err)
	}
}
