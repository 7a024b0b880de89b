package pgserver_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	osexec "os/exec"
	"runtime"
	"testing"
	"time"

	"github.com/vextrus/vextrus/internal/platform/pgserver"
	"github.com/vextrus/vextrus/internal/platform/testwait"
)

// childDirEnv makes the test binary act as a parent process that starts a
// server and then waits to be killed.
const childDirEnv = "PGSERVER_TEST_CHILD_DIR"

func TestMain(m *testing.M) {
	if dir := os.Getenv(childDirEnv); dir != "" {
		runChild(dir)
		return
	}
	os.Exit(m.Run())
}

func runChild(dir string) {
	s, err := pgserver.Start(context.Background(), pgserver.Options{DataDir: dir, Ephemeral: true})
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(1)
	}
	fmt.Println(s.PID())
	select {} // until killed
}

func TestKilledParentLeavesNoServer(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("parent-death signal is Linux only")
	}
	dir := dataDir(t)
	child := osexec.Command(os.Args[0], "-test.run=^$")
	child.Env = append(os.Environ(), childDirEnv+"="+dir)
	out, err := child.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("read child: %v", err)
	}
	var pid int
	if _, err := fmt.Sscan(line, &pid); err != nil {
		t.Fatalf("child said %q", line)
	}
	if err := child.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = child.Wait()

	testwait.For(t, 15*time.Second, "postgres processes end with their parent", func() bool { return len(postgresOn(dir)) == 0 })
	// The next run starts over the pid file the killed server left.
	s := start(t, dir)
	if got := exec(t, s.URL(), "select 'recovered'"); got[0] != "recovered" {
		t.Fatalf("got %v", got)
	}
}
