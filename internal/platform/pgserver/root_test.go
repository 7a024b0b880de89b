package pgserver_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/vextrus/vextrus/internal/platform/pgserver"
)

// TestRootStartsAClusterInsideAPrivateDirectory is `vextrus dev` run as
// root in a clone under /root: the postgres OS user the server runs as
// cannot traverse the directories above the data directory, and the user's
// permissions must stay as they are.
func TestRootStartsAClusterInsideAPrivateDirectory(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("only a process running as root runs the server as the postgres OS user (CI runs as root)")
	}
	private := t.TempDir()
	if err := os.Chmod(private, 0o700); err != nil {
		t.Fatal(err)
	}
	home := reachableDir(t)
	devDir := filepath.Join(private, "clone", ".vextrus")
	dir := filepath.Join(devDir, "postgres")
	startIn := func() *pgserver.Server {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		s, err := pgserver.Start(ctx, pgserver.Options{DataDir: dir, Home: home, Ephemeral: true})
		if err != nil {
			t.Fatalf("start inside a 0700 directory: %v", err)
		}
		t.Cleanup(func() { _ = s.Stop() })
		return s
	}

	s := startIn()
	exec(t, s.URL(), "create table kept(v text); insert into kept values ('survives') returning v")
	kept := s.DataDir()
	if !strings.HasPrefix(kept, home+string(filepath.Separator)) {
		t.Errorf("cluster kept in %s, want a directory under %s", kept, home)
	}
	if link, err := os.Readlink(dir); err != nil || link != kept {
		t.Errorf("%s links to %q (%v), want %s: the link records where the data is", dir, link, err, kept)
	}
	port, pid := s.Port(), s.PID()
	if err := s.Stop(); err != nil {
		t.Fatalf("stop: %v", err)
	}
	assertStopped(t, port, pid, kept)
	fi, err := os.Stat(private)
	if err != nil {
		t.Fatal(err)
	}
	if st := fi.Sys().(*syscall.Stat_t); fi.Mode().Perm() != 0o700 || st.Uid != 0 {
		t.Errorf("the private directory is now %v owned by uid %d, want 0700 owned by root as before", fi.Mode().Perm(), st.Uid)
	}

	s2 := startIn()
	if got := exec(t, s2.URL(), "select v from kept"); len(got) != 1 || got[0] != "survives" {
		t.Fatalf("after restart kept = %v, want [survives]", got)
	}
	if err := s2.Stop(); err != nil {
		t.Fatalf("stop: %v", err)
	}

	// Deleting the dev directory is how a developer starts afresh; the
	// cluster it linked to goes with it on the next start.
	if err := os.RemoveAll(devDir); err != nil {
		t.Fatal(err)
	}
	s3 := startIn()
	if got := exec(t, s3.URL(), "select count(*)::text from pg_tables where tablename = 'kept'"); got[0] != "0" {
		t.Fatalf("a fresh start after deleting the dev directory still has the old table (%v)", got)
	}
}
