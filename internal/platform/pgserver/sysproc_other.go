//go:build unix && !linux

package pgserver

import "syscall"

// sysProcAttr puts the server in its own process group, so a Ctrl-C in the
// terminal reaches only vextrus, which then stops the server in order. There
// is no parent-death signal outside Linux; a stale server is detected through
// postmaster.pid on the next start.
func sysProcAttr(cred *syscall.Credential) *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Credential: cred}
}
