package pgserver

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// DefaultHome is where a cluster is kept when the server's OS user cannot
// reach the data directory asked for; see Options.Home.
const DefaultHome = "/var/lib/vextrus/postgres"

// place returns the directory the cluster of dir is kept in. Running as the
// current user, that is dir itself. Running as root, the server runs as the
// postgres OS user, who cannot reach a directory inside a private one (any
// clone under /root): rather than change the permissions of the user's
// directories, the cluster is then kept in home, in a directory named by a
// hash of dir's absolute path and owned by postgres, and dir becomes a
// symbolic link to it. The link is the record of where the data is: later
// starts follow it, wherever the clone has moved since.
func place(dir, home string, cred *syscall.Credential) (string, error) {
	if cred == nil {
		return dir, nil
	}
	fi, err := os.Lstat(dir)
	switch {
	case err == nil && fi.Mode()&fs.ModeSymlink != 0:
		target, err := os.Readlink(dir)
		if err != nil {
			return "", fmt.Errorf("read data dir link: %w", err)
		}
		if !filepath.IsAbs(target) {
			target = filepath.Join(filepath.Dir(dir), target)
		}
		return target, nil
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return "", fmt.Errorf("stat data dir: %w", err)
	}
	unreachable := checkTraversable(dir, cred)
	if unreachable == nil {
		return dir, nil
	}
	if err == nil {
		// A directory that already holds something stays where it is: a
		// cluster is not moved behind the user's back.
		if entries, err := os.ReadDir(dir); err != nil || len(entries) > 0 {
			return "", fmt.Errorf("%w; it already holds files, which are left where they are", unreachable)
		}
		if err := os.Remove(dir); err != nil {
			return "", fmt.Errorf("replace the empty data dir with a link: %w", err)
		}
	}
	if home == "" {
		home = DefaultHome
	}
	sum := sha256.Sum256([]byte(dir))
	target := filepath.Join(home, hex.EncodeToString(sum[:8]))
	if err := os.MkdirAll(home, 0o755); err != nil {
		return "", fmt.Errorf("cluster home: %w", err)
	}
	if err := checkTraversable(target, cred); err != nil {
		return "", err
	}
	// Nothing links to a cluster left there: its data directory was
	// deleted, which is how a developer starts afresh.
	if err := os.RemoveAll(target); err != nil {
		return "", fmt.Errorf("remove abandoned cluster: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return "", fmt.Errorf("create data dir parent: %w", err)
	}
	if err := os.Symlink(target, dir); err != nil {
		return "", fmt.Errorf("link data dir: %w", err)
	}
	return target, nil
}
