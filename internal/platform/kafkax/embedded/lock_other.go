//go:build !unix

package embedded

import "os"

// lockDir does nothing where flock is unavailable; the embedded broker is a
// development tool, and two of them on one data directory is an operator
// mistake the unix build catches.
func lockDir(string) (*os.File, error) { return nil, nil }

// unlockDir releases a lock taken by lockDir.
func unlockDir(*os.File) error { return nil }
