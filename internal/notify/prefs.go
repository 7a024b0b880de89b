package notify

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
)

// AllEvents is the event type of a preference that holds for every
// event type without a preference of its own.
const AllEvents = "*"

// Preference turns one channel on or off for one event type (or
// AllEvents) for the user who sets it.
type Preference struct {
	EventType string `json:"eventType"`
	Channel   string `json:"channel"`
	Enabled   bool   `json:"enabled"`
}

// QuietHours are the local times between which a user's non-urgent email
// and SMS wait; End before Start spans midnight. Timezone "" is the
// tenant's.
type QuietHours struct {
	Start    string `json:"start"` // "22:00"
	End      string `json:"end"`   // "07:30"
	Timezone string `json:"timezone"`
}

// Settings are a user's notification preferences.
type Settings struct {
	Preferences []Preference `json:"preferences"`
	QuietHours  *QuietHours  `json:"quietHours"`
}

// preferencesOf returns each of users' choices for eventType by
// channel, the event type's own over AllEvents'; a user who chose
// nothing has no entry.
func preferencesOf(ctx context.Context, tx *db.Tx, users []string, eventType string) (map[string]map[string]bool, error) {
	out := map[string]map[string]bool{}
	if len(users) == 0 {
		return out, nil
	}
	rows, err := tx.Query(ctx, `select user_id, channel, enabled from notify.preferences
		where tenant_id = $1 and user_id = any($2) and event_type in ($3, '*') order by (event_type = '*') desc`,
		tx.Tenant().UUID(), users, eventType)
	if err != nil {
		return nil, fmt.Errorf("preferences: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var user, ch string
		var on bool
		if err := rows.Scan(&user, &ch, &on); err != nil {
			return nil, err
		}
		if out[user] == nil {
			out[user] = map[string]bool{}
		}
		out[user][ch] = on // the event type's own rows come last and win
	}
	return out, rows.Err()
}

// MySettings returns the caller's preferences and quiet hours. Needs
// notify.feed.read.
func (s *Service) MySettings(ctx context.Context) (Settings, error) {
	p, err := caller(ctx, PermFeedRead)
	if err != nil {
		return Settings{}, err
	}
	out := Settings{Preferences: []Preference{}}
	err = s.db.ReadTenant(ctx, func(ctx context.Context, tx *db.Tx) error {
		rows, err := tx.Query(ctx, `select event_type, channel, enabled from notify.preferences
			where tenant_id = $1 and user_id = $2 order by event_type, channel`, tx.Tenant().UUID(), p.UserID)
		if err != nil {
			return fmt.Errorf("preferences: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var pr Preference
			if err := rows.Scan(&pr.EventType, &pr.Channel, &pr.Enabled); err != nil {
				return err
			}
			out.Preferences = append(out.Preferences, pr)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		q, ok, err := quietOf(ctx, tx, p.UserID)
		if ok {
			out.QuietHours = &q
		}
		return err
	})
	return out, err
}

// SetPreferences stores the caller's preferences (each replaces the one
// of its event type and channel). Needs notify.preferences.write.
// Returns INVALID_ARGUMENT for an unknown event type or channel.
func (s *Service) SetPreferences(ctx context.Context, prefs []Preference) error {
	p, err := caller(ctx, PermPreferencesWrite)
	if err != nil {
		return err
	}
	c := &errs.Collector{}
	for i, pr := range prefs {
		c.Check(pr.EventType == AllEvents || slices.Contains(EventTypes, pr.EventType),
			fmt.Sprintf("preferences[%d].eventType", i), "must be * or an event type notify sends")
		c.Check(slices.Contains([]string{ChannelEmail, ChannelSMS, ChannelInApp}, pr.Channel),
			fmt.Sprintf("preferences[%d].channel", i), "must be email, sms or inapp")
	}
	if err := c.Err(); err != nil {
		return err
	}
	return s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		for _, pr := range prefs {
			_, err := tx.Exec(ctx, `insert into notify.preferences (tenant_id, user_id, event_type, channel, enabled)
				values ($1, $2, $3, $4, $5)
				on conflict (tenant_id, user_id, event_type, channel) do update set enabled = excluded.enabled, updated_at = now()`,
				tx.Tenant().UUID(), p.UserID, pr.EventType, pr.Channel, pr.Enabled)
			if err != nil {
				return fmt.Errorf("set preference: %w", db.Translate(err))
			}
		}
		return nil
	})
}

// SetQuietHours sets (nil: clears) the caller's quiet hours. Needs
// notify.preferences.write. Returns INVALID_ARGUMENT for times that are
// not HH:MM, equal, or an unknown zone.
func (s *Service) SetQuietHours(ctx context.Context, q *QuietHours) error {
	p, err := caller(ctx, PermPreferencesWrite)
	if err != nil {
		return err
	}
	if q == nil {
		return s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
			_, err := tx.Exec(ctx, `delete from notify.quiet_hours where tenant_id = $1 and user_id = $2`, tx.Tenant().UUID(), p.UserID)
			return err
		})
	}
	c := &errs.Collector{}
	start, err1 := time.Parse("15:04", q.Start)
	end, err2 := time.Parse("15:04", q.End)
	c.Check(err1 == nil, "quietHours.start", "must be a time HH:MM")
	c.Check(err2 == nil, "quietHours.end", "must be a time HH:MM")
	c.Check(err1 != nil || err2 != nil || !start.Equal(end), "quietHours.end", "must differ from start")
	if q.Timezone != "" {
		_, err := time.LoadLocation(q.Timezone)
		c.Check(err == nil, "quietHours.timezone", "must be an IANA zone such as Asia/Dhaka")
	}
	if err := c.Err(); err != nil {
		return err
	}
	return s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		_, err := tx.Exec(ctx, `insert into notify.quiet_hours (tenant_id, user_id, quiet_start, quiet_end, timezone)
			values ($1, $2, $3::time, $4::time, $5)
			on conflict (tenant_id, user_id) do update set quiet_start = excluded.quiet_start, quiet_end = excluded.quiet_end,
				timezone = excluded.timezone, updated_at = now()`,
			tx.Tenant().UUID(), p.UserID, q.Start, q.End, q.Timezone)
		if err != nil {
			return fmt.Errorf("set quiet hours: %w", db.Translate(err))
		}
		return nil
	})
}

// quietOf returns user's quiet hours; ok is false when user has none.
func quietOf(ctx context.Context, tx *db.Tx, user string) (q QuietHours, ok bool, err error) {
	all, err := quietHoursOf(ctx, tx, []string{user})
	q, ok = all[user]
	return q, ok, err
}

// quietHoursOf returns the quiet hours of those of users who have them.
func quietHoursOf(ctx context.Context, tx *db.Tx, users []string) (map[string]QuietHours, error) {
	out := map[string]QuietHours{}
	if len(users) == 0 {
		return out, nil
	}
	rows, err := tx.Query(ctx, `select user_id, to_char(quiet_start, 'HH24:MI'), to_char(quiet_end, 'HH24:MI'), timezone
		from notify.quiet_hours where tenant_id = $1 and user_id = any($2)`, tx.Tenant().UUID(), users)
	if err != nil {
		return nil, fmt.Errorf("quiet hours: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var user string
		var q QuietHours
		if err := rows.Scan(&user, &q.Start, &q.End, &q.Timezone); err != nil {
			return nil, err
		}
		out[user] = q
	}
	return out, rows.Err()
}
