package reload

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/vextrus/vextrus/internal/platform/lifecycle"
)

// DefaultDebounce is how long a changed file must rest before it is read.
const DefaultDebounce = 200 * time.Millisecond

// Watch says what makes a process reload by itself.
type Watch struct {
	// File is the configuration file; "" watches none. Its directory is
	// watched rather than the file, because editors replace a file by
	// renaming another over it and Kubernetes updates a mounted ConfigMap
	// by swapping a symbolic link: a watch on the file itself would stay
	// on the old one.
	File string
	// Debounce is how long the file must go without an event before it is
	// read, since a save or a ConfigMap update is several events; zero
	// takes DefaultDebounce.
	Debounce time.Duration
	// Signals reload the configuration whether the file changed or not (a
	// secret a reference names may have); nil means SIGHUP.
	Signals []os.Signal
}

// Watcher returns the service that reloads r on w's signals and when
// w.File's content changes. Its Start returns once both are watched; a
// directory that cannot be watched is logged, and signals still reload.
func (r *Reloader[T]) Watcher(w Watch) lifecycle.Service {
	if w.Debounce <= 0 {
		w.Debounce = DefaultDebounce
	}
	if w.Signals == nil {
		w.Signals = []os.Signal{syscall.SIGHUP}
	}
	var (
		fw   *fsnotify.Watcher
		sigs = make(chan os.Signal, 1)
		seen []byte // the file's content at the last reload; nil when absent
	)
	return lifecycle.New("config-reload", lifecycle.Funcs{
		Starting: func(context.Context) error {
			signal.Notify(sigs, w.Signals...)
			if w.File == "" {
				return nil
			}
			seen, _ = readFile(w.File)
			var err error
			if fw, err = watchDir(filepath.Dir(w.File)); err != nil {
				// Out of inotify watches, say: the process still runs and
				// still reloads on a signal.
				r.logger.Warn("the configuration file is not watched; send SIGHUP to reload", "file", w.File, "error", err)
			}
			return nil
		},
		Running: func(ctx context.Context) error {
			var events <-chan fsnotify.Event
			var errs <-chan error
			if fw != nil {
				events, errs = fw.Events, fw.Errors
			}
			settle := time.NewTimer(time.Hour)
			settle.Stop()
			defer settle.Stop()
			for {
				select {
				case <-ctx.Done():
					return nil
				case s := <-sigs:
					r.logger.Info("reloading the configuration", "signal", s.String())
					_, _ = r.Reload(ctx)
					seen, _ = readFile(w.File)
				case <-events:
					// Any event in the directory: a rename or a link swap
					// names another file than ours. The content decides.
					settle.Reset(w.Debounce)
				case err := <-errs:
					r.logger.Warn("watching the configuration file", "file", w.File, "error", err)
				case <-settle.C:
					seen = r.reloadIfChanged(ctx, w.File, seen)
				}
			}
		},
		Stopping: func(context.Context) error {
			signal.Stop(sigs)
			if fw != nil {
				return fw.Close()
			}
			return nil
		},
	})
}

// watchDir returns a watcher of dir's entries.
func watchDir(dir string) (*fsnotify.Watcher, error) {
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	if err := fw.Add(dir); err != nil {
		return nil, errors.Join(fmt.Errorf("watch %s: %w", dir, err), fw.Close())
	}
	return fw, nil
}

// reloadIfChanged reloads when file's content differs from seen and
// returns what it read. A file that has gone is taken for one being
// replaced: the running configuration stays until it is back (a signal
// still reloads without it, as a start would).
func (r *Reloader[T]) reloadIfChanged(ctx context.Context, file string, seen []byte) []byte {
	now, err := readFile(file)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if seen != nil {
			r.logger.Warn("the configuration file is gone; the running configuration stays until it is back", "file", file)
		}
		return seen
	case err != nil:
		r.logger.Warn("reading the configuration file", "file", file, "error", err)
		return seen
	case seen != nil && bytes.Equal(now, seen):
		return seen
	}
	r.logger.Info("reloading the configuration", "file", file)
	_, _ = r.Reload(ctx)
	return now
}

// readFile returns file's content, never nil when it exists.
func readFile(file string) ([]byte, error) {
	if file == "" {
		return nil, fs.ErrNotExist
	}
	b, err := os.ReadFile(file)
	if err == nil && b == nil {
		b = []byte{}
	}
	return b, err
}
