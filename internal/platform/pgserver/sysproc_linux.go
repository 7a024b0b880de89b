package pgserver

import "syscall"

// sysProcAttr puts the server in its own process group, so a Ctrl-C in the
// terminal reaches only vextrus, which then stops the server in order, and
// asks the kernel to SIGKILL the server if vextrus dies without stopping it.
// Go applies Pdeathsig after switching credentials, which would otherwise
// clear it. The signal fires when the forking OS thread exits, which the Go
// runtime only does for a goroutine that exits while locked to its thread, so
// Start must not be called from such a goroutine.
func sysProcAttr(cred *syscall.Credential) *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL, Credential: cred}
}
