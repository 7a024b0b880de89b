package load

import (
	"context"
	"sync"
	"time"
)

// runThink drives every user in its own loop: send, wait for the answer,
// think, repeat. With think = 0 this is a closed loop at full pressure,
// which measures saturation throughput; with think > 0 it is the load of
// real users, about users/think requests per second.
func runThink(ctx, doCtx context.Context, target Target, users []*VirtualUser, think time.Duration, w window, rec *recorder) {
	var wg sync.WaitGroup
	for _, vu := range users {
		wg.Go(func() { thinkLoop(ctx, doCtx, target, vu, think, w, rec) })
	}
	wg.Wait()
}

func thinkLoop(ctx, doCtx context.Context, target Target, vu *VirtualUser, think time.Duration, w window, rec *recorder) {
	timer := time.NewTimer(0)
	defer timer.Stop()
	<-timer.C
	// pause waits d unless that would cross the end of the window or the
	// run is cancelled; it reports whether the user should go on.
	pause := func(d time.Duration) bool {
		if !time.Now().Add(d).Before(w.end) {
			return false
		}
		timer.Reset(d)
		select {
		case <-timer.C:
			return true
		case <-ctx.Done():
			return false
		}
	}
	// Users start spread over one think time, so they do not arrive as a
	// herd at the first instant.
	if think > 0 && !pause(randDuration(vu, think)) {
		return
	}
	for ctx.Err() == nil {
		begin := time.Now()
		if !begin.Before(w.end) {
			return
		}
		err := target.Do(doCtx, vu)
		latency := time.Since(begin)
		if w.measured(begin) {
			rec.record(vu.ID, latency, err)
		}
		if think > 0 && !pause(think/2+randDuration(vu, think)) {
			return
		}
	}
}

// randDuration returns a uniformly random duration in [0, d).
func randDuration(vu *VirtualUser, d time.Duration) time.Duration {
	return time.Duration(vu.Rand.Int64N(int64(d)))
}
