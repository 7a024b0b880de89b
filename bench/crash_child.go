package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/vextrus/vextrus/bench/load"
)

// devChild is one `vextrus dev` process the crash command started, in a
// process group of its own so that one signal reaches all of it.
type devChild struct {
	cmd   *exec.Cmd
	url   string // the gateway
	dbURL string // the embedded PostgreSQL's admin DSN, from the banner
	dir   string // the data directory (kept across restarts)
	done  chan struct{}
	err   error // how it exited, once done is closed
}

// bannerDB is the banner's PostgreSQL line (app.Main.PrintBanner).
var bannerDB = regexp.MustCompile(`^\s*PostgreSQL\s+(postgres://\S+)`)

// startDev starts `bin dev --dir dir` on free loopback ports, logging to
// log, and waits until it answers ready. A dev that exits first, or is
// not ready within timeout, is an error (with the tail of its log).
func startDev(ctx context.Context, client *http.Client, bin, dir string, log io.Writer, timeout time.Duration) (*devChild, error) {
	public, err := freePort()
	if err != nil {
		return nil, err
	}
	internal, err := freePort()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, "dev", "--dir", dir)
	// The data directory's parent as working directory: no .env or
	// configuration file of the developer's checkout is read.
	cmd.Dir = filepath.Dir(dir)
	cmd.Env = append(os.Environ(), "VEXTRUS_HTTP_ADDR=127.0.0.1:"+strconv.Itoa(public),
		"VEXTRUS_HTTP_INTERNAL_ADDR=127.0.0.1:"+strconv.Itoa(internal), "VEXTRUS_LOG_FORMAT=text")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Stderr = log
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s dev: %w", bin, err)
	}
	c := &devChild{cmd: cmd, url: "http://127.0.0.1:" + strconv.Itoa(public), dir: dir, done: make(chan struct{})}
	dbURL := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			fmt.Fprintln(log, sc.Text())
			if m := bannerDB.FindStringSubmatch(sc.Text()); m != nil {
				select {
				case dbURL <- m[1]:
				default:
				}
			}
		}
		c.err = cmd.Wait()
		close(c.done)
	}()
	wait, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	select {
	case c.dbURL = <-dbURL:
	case <-c.done:
		return nil, fmt.Errorf("vextrus dev exited before it was running: %v", c.err)
	case <-wait.Done():
		c.kill()
		return nil, fmt.Errorf("vextrus dev printed no banner within %v", timeout)
	}
	if err := load.WaitReady(wait, client, c.url+"/readyz", timeout); err != nil {
		c.kill()
		return nil, fmt.Errorf("vextrus dev not ready: %w", err)
	}
	return c, nil
}

// kill sends SIGKILL to the dev process's group and to its PostgreSQL
// server's (which runs in a group of its own, see pgserver), as a power
// cut would stop them: nothing gets to clean up. It returns once dev has
// exited and every process of the server's group is gone, with the
// postmaster's pid (0 when none was running).
func (c *devChild) kill() int {
	// The postmaster's pid is read first: the file is the server's, and a
	// dying dev does not remove it.
	pg := postmasterPID(filepath.Join(c.dir, "postgres"))
	_ = syscall.Kill(-c.cmd.Process.Pid, syscall.SIGKILL)
	if pg > 0 {
		if err := syscall.Kill(-pg, syscall.SIGKILL); err != nil {
			pg = 0 // gone already: dev's death took it (Pdeathsig)
		}
	}
	<-c.done
	if pg > 0 {
		// A power cut leaves no process behind; SIGKILL takes a moment.
		// A restart that finds the postmaster still dying takes it for a
		// live server, and PostgreSQL refuses to start while a backend of
		// the old server is still attached to its shared memory.
		if err := waitGroupGone(pg, time.Minute); err != nil {
			fmt.Fprintf(os.Stderr, "crash: %v\n", err)
		}
	}
	return pg
}

// waitGroupGone waits until no process of group pgid is left but zombies
// (which hold no memory and no files), reading /proc; without /proc it
// returns at once.
func waitGroupGone(pgid int, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		live := liveInGroup(pgid)
		if len(live) == 0 {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("processes %v of group %d still running after %v", live, pgid, timeout)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// liveInGroup lists the processes of group pgid that have not exited.
func liveInGroup(pgid int) []int {
	dirs, _ := os.ReadDir("/proc")
	var live []int
	for _, d := range dirs {
		pid, err := strconv.Atoi(d.Name())
		if err != nil {
			continue
		}
		raw, err := os.ReadFile(filepath.Join("/proc", d.Name(), "stat"))
		if err != nil {
			continue // exited while we looked
		}
		// pid (comm) state ppid pgrp ...; comm may hold spaces and ')'.
		i := strings.LastIndexByte(string(raw), ')')
		if i < 0 {
			continue
		}
		f := strings.Fields(string(raw[i+1:]))
		if len(f) < 3 || f[0] == "Z" || f[0] == "X" {
			continue
		}
		if g, _ := strconv.Atoi(f[2]); g == pgid {
			live = append(live, pid)
		}
	}
	return live
}

// stop stops dev the ordinary way (SIGTERM), waiting for it to finish.
func (c *devChild) stop(timeout time.Duration) error {
	_ = syscall.Kill(c.cmd.Process.Pid, syscall.SIGTERM)
	select {
	case <-c.done:
		var exit *exec.ExitError
		if errors.As(c.err, &exit) {
			return fmt.Errorf("vextrus dev stopped with %v", c.err)
		}
		return nil
	case <-time.After(timeout):
		c.kill()
		return fmt.Errorf("vextrus dev did not stop within %v; killed", timeout)
	}
}

// postmasterPID is the pid in dir's postmaster.pid (0 when there is none).
func postmasterPID(dir string) int {
	raw, err := os.ReadFile(filepath.Join(dir, "postmaster.pid"))
	if err != nil {
		return 0
	}
	line, _, _ := strings.Cut(string(raw), "\n")
	pid, _ := strconv.Atoi(strings.TrimSpace(line))
	return pid
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
