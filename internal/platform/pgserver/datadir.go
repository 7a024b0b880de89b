package pgserver

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// identity returns the credential the server must run with: nil for the
// current user, the `postgres` OS user when running as root.
func identity() (*syscall.Credential, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return nil, fmt.Errorf("running as root needs an OS user named postgres to run the server as (the postgresql package creates it): %w", err)
	}
	uid, err := strconv.ParseUint(u.Uid, 10, 32)
	if err != nil {
		return nil, fmt.Errorf("postgres user id %q: %w", u.Uid, err)
	}
	gid, err := strconv.ParseUint(u.Gid, 10, 32)
	if err != nil {
		return nil, fmt.Errorf("postgres group id %q: %w", u.Gid, err)
	}
	return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid), NoSetGroups: true}, nil
}

// prepareDataDir creates dir with the 0700 mode postgres insists on and, when
// the server runs as another user, hands the tree to that user. It reports
// whether the directory still needs initdb.
func prepareDataDir(dir string, cred *syscall.Credential) (fresh bool, err error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return false, fmt.Errorf("create data dir: %w", err)
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		return false, fmt.Errorf("chmod data dir: %w", err)
	}
	_, err = os.Stat(filepath.Join(dir, "PG_VERSION"))
	switch {
	case err == nil:
	case errors.Is(err, fs.ErrNotExist):
		entries, err := os.ReadDir(dir)
		if err != nil {
			return false, fmt.Errorf("read data dir: %w", err)
		}
		if len(entries) > 0 {
			return false, fmt.Errorf("data dir %s is not empty and holds no PostgreSQL cluster; refusing to initialise it", dir)
		}
		fresh = true
	default:
		return false, fmt.Errorf("stat data dir: %w", err)
	}
	if cred == nil {
		return fresh, nil
	}
	if err := checkTraversable(dir, cred); err != nil {
		return false, err
	}
	return fresh, chownTree(dir, cred)
}

// chownTree gives dir to the server's user. A tree whose root already belongs
// to it is left alone: walking a large dev cluster on every start is slow and
// only this package ever writes there as root.
func chownTree(dir string, cred *syscall.Credential) error {
	fi, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("stat data dir: %w", err)
	}
	if st, ok := fi.Sys().(*syscall.Stat_t); ok && st.Uid == cred.Uid {
		return nil
	}
	err = filepath.WalkDir(dir, func(path string, _ fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		return os.Lchown(path, int(cred.Uid), int(cred.Gid))
	})
	if err != nil {
		return fmt.Errorf("chown data dir to postgres user: %w", err)
	}
	return nil
}

// checkTraversable fails with a clear message when a parent directory of dir
// cannot be searched by the server's user, which postgres would otherwise
// report as a bare "permission denied".
func checkTraversable(dir string, cred *syscall.Credential) error {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return fmt.Errorf("resolve data dir: %w", err)
	}
	for p := filepath.Dir(abs); ; p = filepath.Dir(p) {
		fi, err := os.Stat(p)
		if err != nil {
			return fmt.Errorf("stat %s: %w", p, err)
		}
		st, ok := fi.Sys().(*syscall.Stat_t)
		if ok && !canSearch(fi.Mode(), st, cred) {
			return fmt.Errorf("the postgres OS user (uid %d) cannot reach data dir %s: %s is not traversable (mode %v); "+
				"use a data dir outside it or run `chmod o+x %s`", cred.Uid, abs, p, fi.Mode().Perm(), p)
		}
		if p == filepath.Dir(p) {
			return nil
		}
	}
}

func canSearch(mode fs.FileMode, st *syscall.Stat_t, cred *syscall.Credential) bool {
	switch {
	case st.Uid == cred.Uid:
		return mode&0o100 != 0
	case st.Gid == cred.Gid:
		return mode&0o010 != 0
	}
	return mode&0o001 != 0
}

// clearStalePID removes a postmaster.pid left by a server that was killed,
// when its pid now belongs to an unrelated process: postgres handles a dead
// pid itself but refuses to start over a reused one. A live postgres on the
// same directory is an error, never something to remove.
func clearStalePID(dir string) error {
	path := filepath.Join(dir, "postmaster.pid")
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("open postmaster.pid: %w", err)
	}
	sc := bufio.NewScanner(f)
	sc.Scan()
	pid, perr := strconv.Atoi(strings.TrimSpace(sc.Text()))
	f.Close()
	if perr != nil || pid <= 0 {
		return os.Remove(path)
	}
	if err := syscall.Kill(pid, 0); err != nil && !errors.Is(err, syscall.EPERM) {
		return nil // dead: postgres cleans up after itself
	}
	if isPostgres(pid) && !isZombie(pid) {
		return fmt.Errorf("a PostgreSQL server (pid %d) is already running on %s", pid, dir)
	}
	// The pid is reused, or it is the zombie of a killed server that nobody
	// reaped (common in containers): postgres would refuse both.
	if err := os.Remove(path); err != nil {
		return fmt.Errorf("remove stale postmaster.pid: %w", err)
	}
	return nil
}

// isPostgres reports whether pid runs a postgres binary. Without /proc (macOS)
// it assumes so, which errs on the side of not touching a live server.
func isPostgres(pid int) bool {
	comm, err := os.ReadFile(fmt.Sprintf("/proc/%d/comm", pid))
	if err != nil {
		return !errors.Is(err, fs.ErrNotExist) || !procMounted()
	}
	return strings.HasPrefix(strings.TrimSpace(string(comm)), "postgres")
}

// isZombie reports whether pid has exited but was not reaped; signals still
// "reach" it, so only /proc tells.
func isZombie(pid int) bool {
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	// The state follows the parenthesised command name, which may hold spaces.
	i := bytes.LastIndexByte(stat, ')')
	return i >= 0 && i+2 < len(stat) && stat[i+2] == 'Z'
}

func procMounted() bool {
	_, err := os.Stat("/proc/self/comm")
	return err == nil
}
