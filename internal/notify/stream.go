package notify

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
)

// heartbeat is how often an idle stream sends a comment (keeping proxies
// from closing it) and reads its feed again (covering a lost LISTEN).
const heartbeat = 15 * time.Second

// stream serves the caller's feed as server-sent events: one "notification"
// event per new entry, its id the entry's id. A client that reconnects
// with Last-Event-ID (or ?lastEventId=) gets what it missed; without one
// the stream starts at the entries added after it opened. Needs
// notify.feed.read.
func (s *Service) stream(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p, err := caller(ctx, PermFeedRead)
	if err != nil {
		return err
	}
	last, err := s.resumeFrom(ctx, r, p.UserID)
	if err != nil {
		return err
	}
	rc := http.NewResponseController(w)
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	sig, done := s.hub.subscribe(p.Tenant.String() + " " + p.UserID)
	defer done()
	tick := time.NewTicker(heartbeat)
	defer tick.Stop()
	_, _ = fmt.Fprintf(w, "retry: 3000\n\n")
	for {
		_ = rc.SetWriteDeadline(time.Now().Add(heartbeat * 2))
		entries, err := s.entriesAfter(ctx, p.UserID, last)
		if err != nil {
			return nil // the headers are out; the client reconnects
		}
		for _, e := range entries {
			b, _ := json.Marshal(e)
			if _, err := fmt.Fprintf(w, "id: %d\nevent: notification\ndata: %s\n\n", e.ID, b); err != nil {
				return nil
			}
			last = e.ID
		}
		if err := rc.Flush(); err != nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return nil
		case <-s.hub.closed:
			return nil
		case <-sig:
		case <-tick.C:
			if _, err := fmt.Fprint(w, ": ping\n\n"); err != nil {
				return nil
			}
		}
	}
}

// resumeFrom is the id after which the stream sends: the client's last
// event id, else the newest entry now.
func (s *Service) resumeFrom(ctx context.Context, r *http.Request, user string) (int64, error) {
	v := r.Header.Get("Last-Event-ID")
	if v == "" {
		v = r.URL.Query().Get("lastEventId")
	}
	if v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			return 0, errs.Field("Last-Event-ID", "must be an event id the stream sent")
		}
		return n, nil
	}
	var last int64
	err := s.db.ReadTenant(ctx, func(ctx context.Context, tx *db.Tx) error {
		return tx.QueryRow(ctx, `select coalesce(max(id), 0) from notify.feed where tenant_id = $1 and user_id = $2`,
			tx.Tenant().UUID(), user).Scan(&last)
	})
	return last, err
}
