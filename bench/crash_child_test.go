package main

import (
	"os/exec"
	"runtime"
	"syscall"
	"testing"
	"time"
)

// TestWaitGroupGoneWaitsForEveryProcessOfTheGroup: a killed server's
// group counts as gone only when none of its processes runs any more, the
// ones its children started included; a live group is reported.
func TestWaitGroupGoneWaitsForEveryProcessOfTheGroup(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("reads /proc")
	}
	cmd := exec.Command("sh", "-c", "sleep 60 & exec sleep 60")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	pgid := cmd.Process.Pid
	t.Cleanup(func() { _ = syscall.Kill(-pgid, syscall.SIGKILL); _ = cmd.Wait() })
	if err := waitGroupGone(pgid, 50*time.Millisecond); err == nil {
		t.Fatal("a running group was reported gone")
	}
	if err := syscall.Kill(-pgid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	// The shell is left a zombie (not reaped yet): it holds nothing.
	if err := waitGroupGone(pgid, 30*time.Second); err != nil {
		t.Fatal(err)
	}
	if live := liveInGroup(pgid); len(live) != 0 {
		t.Fatalf("processes %v of the group still run", live)
	}
}
