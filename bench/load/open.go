package load

import (
	"context"
	"sync"
	"time"
)

// LateAfter is how long past its intended send time an open-loop arrival
// may wait for a free user before it counts as late.
const LateAfter = time.Millisecond

// runOpen offers a constant arrival rate, whatever the system does. Arrival
// k is intended at start + k/rate; each is handed to a free user and its
// latency is measured from the intended time, not from when it was sent, so
// a stall delays and counts against every arrival queued behind it instead
// of being hidden (coordinated omission). At most len(users) requests are
// outstanding. Arrivals queued for a user are still sent after the window
// closes, so they are measured; those still waiting when doCtx ends (the
// drain) are dropped and returned as such.
func runOpen(doCtx context.Context, target Target, users []*VirtualUser, rate float64, w window, rec *recorder) (dropped, late int64) {
	arrivals := make(chan time.Time)
	var wg sync.WaitGroup
	for _, vu := range users {
		wg.Go(func() {
			for intended := range arrivals {
				err := target.Do(doCtx, vu)
				if w.measured(intended) {
					rec.record(vu.ID, time.Since(intended), err)
				}
			}
		})
	}
	dropped, late = dispatch(doCtx, arrivals, rate, w)
	close(arrivals)
	wg.Wait()
	return dropped, late
}

// dispatch sends the intended time of every arrival in the run to
// arrivals, on schedule or, when every user is busy, as soon as one is free,
// until ctx ends.
func dispatch(ctx context.Context, arrivals chan<- time.Time, rate float64, w window) (dropped, late int64) {
	// Intended times come from the arrival index, never from the previous
	// send, so a dispatcher that falls behind catches up instead of
	// stretching the schedule.
	at := func(k int) time.Time {
		return w.start.Add(time.Duration(float64(k) * float64(time.Second) / rate))
	}
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()

	for k := 0; at(k).Before(w.end); k++ {
		intended := at(k)
		if d := time.Until(intended); d > 0 {
			timer.Reset(d)
			select {
			case <-timer.C:
			case <-ctx.Done():
				return dropped, late
			}
		}
		select {
		case arrivals <- intended:
			continue
		default:
		}
		// Every user is busy: this arrival queues for the next free one.
		select {
		case arrivals <- intended:
			if w.measured(intended) && time.Since(intended) > LateAfter {
				late++
			}
		case <-ctx.Done():
			for ; at(k).Before(w.end); k++ {
				if w.measured(at(k)) {
					dropped++
				}
			}
			return dropped, late
		}
	}
	return dropped, late
}
