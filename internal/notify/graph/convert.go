package graph

import (
	"strconv"

	"github.com/vextrus/vextrus/internal/notify"
	"github.com/vextrus/vextrus/internal/platform/errs"
)

func toGraphFeed(f notify.Feed) *NotificationFeed {
	out := &NotificationFeed{Items: make([]Notification, len(f.Items)), Unread: f.Unread}
	for i, e := range f.Items {
		out.Items[i] = Notification{ID: strconv.FormatInt(e.ID, 10), EventID: e.EventID, EventType: e.EventType,
			Title: e.Title, Body: e.Body, Link: e.Link, CreatedAt: e.CreatedAt, ReadAt: e.ReadAt}
	}
	if f.NextBefore != 0 {
		next := strconv.FormatInt(f.NextBefore, 10)
		out.NextBefore = &next
	}
	return out
}

func toGraphSettings(s notify.Settings) *NotificationSettings {
	out := &NotificationSettings{Preferences: make([]NotificationPreference, len(s.Preferences))}
	for i, p := range s.Preferences {
		out.Preferences[i] = NotificationPreference(p)
	}
	if q := s.QuietHours; q != nil {
		out.QuietHours = &QuietHours{Start: q.Start, End: q.End, Timezone: q.Timezone}
	}
	return out
}

func toGraphTemplate(t notify.Template) NotificationTemplate {
	return NotificationTemplate{EventType: t.EventType, Locale: t.Locale, Subject: t.Subject, Text: t.Text, HTML: t.HTML,
		Custom: t.Custom, Variables: t.Variables}
}

// fromIDs reads feed entry ids; field names the argument.
func fromIDs(field string, ids []string) ([]int64, error) {
	out := make([]int64, len(ids))
	for i, id := range ids {
		n, err := strconv.ParseInt(id, 10, 64)
		if err != nil || n <= 0 {
			return nil, errs.Field(field, "must be notification ids")
		}
		out[i] = n
	}
	return out, nil
}
