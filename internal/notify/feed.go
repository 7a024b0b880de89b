package notify

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
)

// Entry is one notification in a user's in-app feed.
type Entry struct {
	ID        int64      `json:"id"`
	EventID   string     `json:"eventId"`
	EventType string     `json:"eventType"`
	Title     string     `json:"title"`
	Body      string     `json:"body"`
	Link      string     `json:"link"`
	CreatedAt time.Time  `json:"createdAt"`
	ReadAt    *time.Time `json:"readAt"`
}

// Feed is one page of a user's feed, newest first, with the unread count.
type Feed struct {
	Items  []Entry `json:"items"`
	Unread int     `json:"unread"`
	// NextBefore is the id to pass as before for the next page; 0 at the end.
	NextBefore int64 `json:"nextBefore"`
}

// addFeed renders r's in-app entry and adds it to r's feed, once per
// event; a new entry is announced to the streams of every replica.
func (s *Service) addFeed(ctx context.Context, tx *db.Tx, n notice, r recipient, locale string, vars map[string]string) error {
	t, err := s.template(ctx, tx, n.ev.Type, locale)
	if err != nil {
		return err
	}
	msg, err := render(t, vars, false)
	if err != nil {
		return fmt.Errorf("render %s in-app: %w", n.ev.Type, err)
	}
	var id int64
	err = tx.QueryRow(ctx, `insert into notify.feed (tenant_id, user_id, event_id, event_type, title, body, link)
		values ($1, $2, $3, $4, left($5, 500), left($6, 4000), left($7, 2000))
		on conflict (tenant_id, user_id, event_id) do nothing returning id`,
		tx.Tenant().UUID(), r.userID, n.ev.ID, n.ev.Type, msg.Subject, msg.Text, vars["Link"]).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("add feed entry: %w", db.Translate(err))
	}
	_, err = tx.Exec(ctx, `select pg_notify($1, $2)`, pgChannel, fmt.Sprintf("feed %s %s %d", tx.Tenant(), r.userID, id))
	return err
}

// FeedOf returns a page of the caller's feed: entries with id below
// before (0: the newest), at most limit, and the unread count. Needs
// notify.feed.read.
func (s *Service) FeedOf(ctx context.Context, before int64, limit int, unreadOnly bool) (Feed, error) {
	p, err := caller(ctx, PermFeedRead)
	if err != nil {
		return Feed{}, err
	}
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	if before <= 0 {
		before = 1<<63 - 1
	}
	f := Feed{Items: []Entry{}}
	err = s.db.ReadTenant(ctx, func(ctx context.Context, tx *db.Tx) error {
		rows, err := tx.Query(ctx, `select id, event_id, event_type, title, body, link, created_at, read_at
			from notify.feed where tenant_id = $1 and user_id = $2 and id < $3 and (not $4 or read_at is null)
			order by id desc limit $5`, tx.Tenant().UUID(), p.UserID, before, unreadOnly, limit+1)
		if err != nil {
			return fmt.Errorf("feed: %w", err)
		}
		f.Items, err = scanEntries(rows)
		if err != nil {
			return err
		}
		return tx.QueryRow(ctx, `select count(*) from notify.feed where tenant_id = $1 and user_id = $2 and read_at is null`,
			tx.Tenant().UUID(), p.UserID).Scan(&f.Unread)
	})
	if len(f.Items) > limit {
		f.Items = f.Items[:limit]
		f.NextBefore = f.Items[limit-1].ID
	}
	return f, err
}

// entriesAfter returns the caller's entries with id above after, oldest
// first: what a stream has not sent yet.
func (s *Service) entriesAfter(ctx context.Context, user string, after int64) ([]Entry, error) {
	var out []Entry
	err := s.db.ReadTenant(ctx, func(ctx context.Context, tx *db.Tx) error {
		rows, err := tx.Query(ctx, `select id, event_id, event_type, title, body, link, created_at, read_at
			from notify.feed where tenant_id = $1 and user_id = $2 and id > $3 order by id limit 200`,
			tx.Tenant().UUID(), user, after)
		if err != nil {
			return fmt.Errorf("feed: %w", err)
		}
		out, err = scanEntries(rows)
		return err
	})
	return out, err
}

func scanEntries(rows pgx.Rows) ([]Entry, error) {
	defer rows.Close()
	out := []Entry{}
	for rows.Next() {
		var e Entry
		if err := rows.Scan(&e.ID, &e.EventID, &e.EventType, &e.Title, &e.Body, &e.Link, &e.CreatedAt, &e.ReadAt); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// MarkRead marks the caller's entries ids read (all unread when ids is
// empty and all is true) and returns the unread count after. Needs
// notify.feed.read; another user's ids are not the caller's and change
// nothing.
func (s *Service) MarkRead(ctx context.Context, ids []int64, all bool) (int, error) {
	p, err := caller(ctx, PermFeedRead)
	if err != nil {
		return 0, err
	}
	if !all && len(ids) == 0 {
		return 0, errs.Field("ids", "name at least one entry, or mark all")
	}
	var unread int
	err = s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		_, err := tx.Exec(ctx, `update notify.feed set read_at = now()
			where tenant_id = $1 and user_id = $2 and read_at is null and ($3 or id = any($4))`,
			tx.Tenant().UUID(), p.UserID, all, ids)
		if err != nil {
			return fmt.Errorf("mark read: %w", err)
		}
		return tx.QueryRow(ctx, `select count(*) from notify.feed where tenant_id = $1 and user_id = $2 and read_at is null`,
			tx.Tenant().UUID(), p.UserID).Scan(&unread)
	})
	return unread, err
}
