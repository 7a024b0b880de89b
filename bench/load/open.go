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
	period := max(time.Duration(float64(time.Second)/rate), 1)
	at := func(k int) time.Time { return w.start.Add(time.Duration(k) * period) }
	// One ticker in phase with the arrivals, not a timer reset for each:
	// every Reset to an earlier time wakes the runtime's network poller
	// with a system call, a share of the CPU at high rates taken from the
	// system it measures. The ticker
	// keeps its phase by itself; a tick it drops while the dispatcher
	// waits for a free user is caught up by sending every arrival due.
	tick := time.NewTicker(period)
	defer tick.Stop()

	for k := 0; at(k).Before(w.end); {
		for ; at(k).Before(w.end) && !at(k).After(time.Now()); k++ {
			if !send(ctx, arrivals, at(k), w, &late) {
				for ; at(k).Before(w.end); k++ {
					if w.measured(at(k)) {
						dropped++
					}
				}
				return dropped, late
			}
		}
		if !at(k).Before(w.end) {
			break
		}
		select {
		case <-tick.C:
		case <-ctx.Done():
			return dropped, late
		}
	}
	return dropped, late
}

// send hands one arrival to a free user, waiting for one when every user
// is busy (counting it late when that wait made it late), and reports
// false if ctx ended first.
func send(ctx context.Context, arrivals chan<- time.Time, intended time.Time, w window, late *int64) bool {
	select {
	case arrivals <- intended:
		return true
	default:
	}
	select {
	case arrivals <- intended:
		if w.measured(intended) && time.Since(intended) > LateAfter {
			*late++
		}
		return true
	case <-ctx.Done():
		return false
	}
}
