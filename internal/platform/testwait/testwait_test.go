package testwait_test

import (
	"errors"
	"testing"
	"time"

	"github.com/vextrus/vextrus/internal/platform/testwait"
)

// recorder is a testing.TB whose Fatalf stops the calling goroutine and
// remembers that it failed.
type recorder struct {
	testing.TB
	failed bool
}

func (r *recorder) Helper() {}

func (r *recorder) Fatalf(string, ...any) {
	r.failed = true
	panic(r)
}

func run(cond func() (bool, error), within time.Duration) (failed bool) {
	r := &recorder{}
	defer func() {
		if p := recover(); p != nil && p != any(r) {
			panic(p)
		}
		failed = r.failed
	}()
	testwait.Until(r, within, "cond", cond)
	return false
}

func TestUntil(t *testing.T) {
	n := 0
	if run(func() (bool, error) { n++; return n == 3, nil }, time.Second) || n != 3 {
		t.Fatalf("a condition that comes true failed, after %d polls", n)
	}
	if !run(func() (bool, error) { return false, nil }, 30*time.Millisecond) {
		t.Fatal("a condition that never holds passed")
	}
	if !run(func() (bool, error) { return false, errors.New("broken") }, time.Second) {
		t.Fatal("a condition that errs passed")
	}
}
