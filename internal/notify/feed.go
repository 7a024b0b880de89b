package notify

import (
	"context"
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

// feedEntry is one recipient's in-app entry, before it is rendered.
type feedEntry struct {
	user, locale string
	vars         map[string]string
}

// addFeed renders the in-app entries of one event and adds each to its
// user's feed, once per event, in one statement; each new entry is
// announced to the streams of every replica.
func (s *Service) addFeed(ctx context.Context, tx *db.Tx, n notice, entries []feedEntry) error {
	if len(entries) == 0 {
		return nil
	}
	templates := map[string]Template{}
	users, titles, bodies, links := make([]string, len(entries)), make([]string, len(entries)),
		make([]string, len(entries)), make([]string, len(entries))
	for i, e := range entries {
		t, ok := templates[e.locale]
		if !ok {
			var err error
			if t, err = s.template(ctx, tx, n.ev.Type, e.locale); err != nil {
				return err
			}
			templates[e.locale] = t
		}
		msg, err := render(t, e.vars, nil, false)
		if err != nil {
			return fmt.Errorf("render %s in-app: %w", n.ev.Type, err)
		}
		users[i], titles[i], bodies[i], links[i] = e.user, msg.Subject, msg.Text, e.vars["Link"]
	}
	_, err := tx.Exec(ctx, `with added as (
			insert into notify.feed (tenant_id, user_id, event_id, event_type, title, body, link)
			select $1, e.user_id, $2, $3, left(e.title, 500), left(e.body, 4000), left(e.link, 2000)
			from unnest($4::text[], $5::text[], $6::text[], $7::text[]) as e(user_id, title, body, link)
			on conflict (tenant_id, user_id, event_id) do nothing
			returning user_id, id)
		select pg_notify($8, format('feed %s %s %s', $9::text, user_id, id)) from added`,
		tx.Tenant().UUID(), n.ev.ID, n.ev.Type, users, titles, bodies, links, pgChannel, tx.Tenant().String())
	if err != nil {
		return fmt.Errorf("add feed entries: %w", db.Translate(err))
	}
	return nil
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
