// Package pgserver runs a local PostgreSQL cluster from the server binaries
// installed on the machine. `vextrus dev` keeps its data under ./.vextrus and
// the test helper starts a throwaway one per test process; production never
// uses it.
//
// The cluster listens on 127.0.0.1 only with trust authentication, so it is
// for a developer's own machine; it makes no Unix socket, so no socket
// directory has to be reachable. When the process runs as root the server
// runs as the `postgres` OS user, because initdb and postgres refuse to run
// as root; a data directory that user cannot reach is then kept under
// DefaultHome and linked (Options.Home).
package pgserver

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// ErrNotFound is returned by Find when no PostgreSQL server binaries are
// installed.
var ErrNotFound = errors.New("PostgreSQL server binaries not found: install postgresql " +
	"(Debian/Ubuntu: apt-get install postgresql; macOS: brew install postgresql@16) " +
	"or set VEXTRUS_DATABASE_URL")

// Find returns the directory holding the `postgres` and `initdb` binaries. It
// looks on PATH, then in /usr/lib/postgresql/<version>/bin (highest version
// first), then in the Homebrew locations. Returns ErrNotFound when there are
// none.
func Find() (binDir string, err error) {
	if p, err := exec.LookPath("postgres"); err == nil {
		if dir := filepath.Dir(p); hasServer(dir) {
			return dir, nil
		}
	}
	var candidates []string
	candidates = append(candidates, byVersion("/usr/lib/postgresql/*/bin", "/usr/lib/postgresql/")...)
	candidates = append(candidates, byVersion("/opt/homebrew/opt/postgresql@*/bin", "/opt/homebrew/opt/postgresql@")...)
	candidates = append(candidates, byVersion("/usr/local/opt/postgresql@*/bin", "/usr/local/opt/postgresql@")...)
	candidates = append(candidates, "/opt/homebrew/bin", "/usr/local/bin")
	for _, dir := range candidates {
		if hasServer(dir) {
			return dir, nil
		}
	}
	return "", ErrNotFound
}

// findForData prefers the binaries of the major version that created an
// existing data directory, since a newer server cannot open it without an
// upgrade; it falls back to Find.
func findForData(dataDir string) (string, error) {
	b, err := os.ReadFile(filepath.Join(dataDir, "PG_VERSION"))
	if err == nil {
		major := strings.TrimSpace(string(b))
		for _, dir := range []string{
			"/usr/lib/postgresql/" + major + "/bin",
			"/opt/homebrew/opt/postgresql@" + major + "/bin",
			"/usr/local/opt/postgresql@" + major + "/bin",
		} {
			if hasServer(dir) {
				return dir, nil
			}
		}
	}
	return Find()
}

// byVersion globs pattern and orders the matches by the numeric version that
// follows prefix, highest first, so 16 wins over 9.6.
func byVersion(pattern, prefix string) []string {
	matches, _ := filepath.Glob(pattern)
	version := func(dir string) float64 {
		v := strings.TrimPrefix(dir, prefix)
		v, _, _ = strings.Cut(v, "/")
		f, _ := strconv.ParseFloat(v, 64)
		return f
	}
	sort.SliceStable(matches, func(i, j int) bool { return version(matches[i]) > version(matches[j]) })
	return matches
}

func hasServer(dir string) bool {
	for _, name := range []string{"postgres", "initdb"} {
		fi, err := os.Stat(filepath.Join(dir, name))
		if err != nil || fi.IsDir() || fi.Mode()&0o111 == 0 {
			return false
		}
	}
	return true
}
