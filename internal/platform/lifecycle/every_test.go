package lifecycle_test

import (
	"context"
	"testing"
	"time"

	"github.com/vextrus/vextrus/internal/platform/lifecycle"
)

func TestEveryCallsOnEachTickUntilItsContextEnds(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	calls := 0
	err := lifecycle.Every(ctx, time.Millisecond, false, func(context.Context) {
		if calls++; calls == 3 {
			cancel()
		}
	})
	if err != nil || calls != 3 {
		t.Fatalf("err %v after %d calls, want nil after 3", err, calls)
	}
}

func TestEveryCallsAtOnceOnlyWhenAsked(t *testing.T) {
	for _, immediately := range []bool{true, false} {
		ctx, cancel := context.WithCancel(context.Background())
		calls := 0
		if !immediately {
			cancel() // no tick of an hour comes: only an immediate call could count
		}
		_ = lifecycle.Every(ctx, time.Hour, immediately, func(context.Context) {
			calls++
			cancel()
		})
		if want := map[bool]int{true: 1, false: 0}[immediately]; calls != want {
			t.Fatalf("immediately=%v: %d calls, want %d", immediately, calls, want)
		}
	}
}
