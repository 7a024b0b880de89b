package reload_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/vextrus/vextrus/internal/platform/reload"
	"github.com/vextrus/vextrus/internal/platform/testwait"
)

// watch starts f's watcher on its file and stops it at the end of the test.
func (f *fixture) watch(tb testing.TB) {
	tb.Helper()
	w := f.r.Watcher(reload.Watch{File: f.file, Debounce: 20 * time.Millisecond})
	if err := w.Start(context.Background()); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if err := w.Stop(context.Background()); err != nil {
			tb.Error(err)
		}
	})
}

func (f *fixture) waitLevel(tb testing.TB, level string) {
	tb.Helper()
	testwait.For(tb, 10*time.Second, "log.level "+level+" applied", func() bool { return f.r.Current().Log.Level == level })
}

func TestChangingTheFileReloadsHoweverItIsWritten(t *testing.T) {
	t.Run("written in place", func(t *testing.T) {
		f := newFixture(t, "log:\n  level: info\n")
		f.watch(t)
		f.write(t, "log:\n  level: debug\n")
		f.waitLevel(t, "debug")
	})
	t.Run("renamed over the old one, as editors save", func(t *testing.T) {
		f := newFixture(t, "log:\n  level: info\n")
		f.watch(t)
		tmp := f.file + ".tmp"
		if err := os.WriteFile(tmp, []byte("log:\n  level: error\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmp, f.file); err != nil {
			t.Fatal(err)
		}
		f.waitLevel(t, "error")
	})
	t.Run("a Kubernetes ConfigMap's link swapped", func(t *testing.T) {
		// A mounted ConfigMap: vextrus.yaml -> ..data/vextrus.yaml, and
		// ..data -> a timestamped directory that an update replaces by
		// renaming a new link over ..data.
		dir := t.TempDir()
		version := func(name, level string) {
			if err := os.MkdirAll(filepath.Join(dir, name), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, name, "vextrus.yaml"), []byte("log:\n  level: "+level+"\n"), 0o600); err != nil {
				t.Fatal(err)
			}
		}
		version("..2026_12_04_01", "info")
		must(t, os.Symlink("..2026_12_04_01", filepath.Join(dir, "..data")))
		must(t, os.Symlink(filepath.Join("..data", "vextrus.yaml"), filepath.Join(dir, "vextrus.yaml")))
		f := newFixture(t, "")
		f.file = filepath.Join(dir, "vextrus.yaml")
		start, err := load(f.file)(context.Background())
		must(t, err)
		f.r = reload.New(start, load(f.file), reload.Options{})
		f.watch(t)

		version("..2026_12_04_02", "warn")
		must(t, os.Symlink("..2026_12_04_02", filepath.Join(dir, "..data_tmp")))
		must(t, os.Rename(filepath.Join(dir, "..data_tmp"), filepath.Join(dir, "..data")))
		f.waitLevel(t, "warn")
	})
}

// TestSIGHUPReloadsWhatTheFileDoesNotShow sends the process a real SIGHUP
// after changing a secret reference's file, which is outside the watched
// directory: only the signal can make the process read it again.
func TestSIGHUPReloadsWhatTheFileDoesNotShow(t *testing.T) {
	level := filepath.Join(t.TempDir(), "level")
	must(t, os.WriteFile(level, []byte("info\n"), 0o600))
	f := newFixture(t, "log:\n  level: file:"+level+"\n")
	if got := f.r.Current().Log.Level; got != "info" {
		t.Fatalf("level at start = %q", got)
	}
	f.watch(t)
	must(t, os.WriteFile(level, []byte("debug\n"), 0o600))
	must(t, syscall.Kill(os.Getpid(), syscall.SIGHUP))
	f.waitLevel(t, "debug")
}

func TestAFileThatIsGoneKeepsTheRunningConfiguration(t *testing.T) {
	f := newFixture(t, "log:\n  level: warn\n")
	f.watch(t)
	must(t, os.Remove(f.file))
	testwait.For(t, 10*time.Second, "the watcher to see the file gone", func() bool {
		return strings.Contains(f.logged(), "configuration file is gone")
	})
	if got := f.r.Current().Log.Level; got != "warn" || f.reloads(t, reload.Applied) != 0 {
		t.Fatalf("level %q after the file went, reloads applied %v", got, f.reloads(t, reload.Applied))
	}
	f.write(t, "log:\n  level: error\n")
	f.waitLevel(t, "error")
}

func must(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}

func TestAnUnwatchableDirectoryLeavesTheSignal(t *testing.T) {
	f := newFixture(t, "log:\n  level: info\n")
	loaded := f.file
	f.file = filepath.Join(t.TempDir(), "missing", "vextrus.yaml")
	f.watch(t)
	if !strings.Contains(f.logged(), "not watched; send SIGHUP") {
		t.Fatalf("log:\n%s", f.logged())
	}
	must(t, os.WriteFile(loaded, []byte("log:\n  level: warn\n"), 0o600))
	must(t, syscall.Kill(os.Getpid(), syscall.SIGHUP))
	f.waitLevel(t, "warn")
}
