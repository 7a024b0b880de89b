package notify

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/vextrus/vextrus/internal/platform/db"
)

// Digests. An approval request addressed to a role (or a department)
// reaches every holder, and a busy company's roles are asked many times
// an hour: one email per request per holder would bury the requests,
// and the mail server, in copies. A holder's in-app entry comes at once;
// their email and SMS gather the requests of one window (DigestWindow)
// into one message, sent when the window ends, or when their quiet hours
// end. A user named as the approver is told at once, as before.
//
// A digest is a delivery like any other, so the runner claims, retries
// and records it the same way. Its event_id is its key,
// "approvals-digest:<when it goes>", so each recipient has at most one
// per window and channel; the requests it lists are rows of
// notify.digest_items, one per request naming its recipients.

// digestItemsShown is the most requests one digest lists; it counts the
// rest.
const digestItemsShown = 50

// digestRow is one recipient's share of a request that goes by digest.
type digestRow struct {
	recipient, channel, user, locale, address, vars string
	quiet                                           *QuietHours
}

// digested reports whether r's email and SMS of n go by digest.
func (s *Service) digested(n notice, r recipient) bool {
	return s.cfg.DigestWindow > 0 && n.ev.Type == EventApprovalRequested && r.shared && !n.urgent
}

// digestDue is when the digest of the window step windows after the
// current one goes, for a recipient with quiet hours q (nil for none).
func (s *Service) digestDue(step int, q *QuietHours, loc *time.Location) time.Time {
	w := s.cfg.DigestWindow
	at := s.now().Truncate(w).Add(w * time.Duration(step+1))
	if q != nil {
		at = q.after(at, loc)
	}
	return at.UTC()
}

func digestKey(at time.Time) string { return "approvals-digest:" + at.Format(time.RFC3339) }

// queueDigests adds n to its recipients' digests (rows) and lists it
// there (item: the request's variables). A digest the runner has
// claimed already is sent or being sent; the request then goes in the
// next window's. The recipients' digests that take it are locked until
// tx commits, so no runner claims one before the request is listed in
// it: a claimed digest sends every item committed before the claim.
func (s *Service) queueDigests(ctx context.Context, tx *db.Tx, n notice, rows []digestRow, loc *time.Location,
	item map[string]string) error {
	placed := map[string][]string{} // digest key: "<channel> <recipient>"
	pending := rows
	for step := 0; len(pending) > 0; step++ {
		if step == 3 {
			return fmt.Errorf("digests of %s: three windows' digests already claimed", n.ev.ID)
		}
		var q deliveryRows
		for _, d := range pending {
			at := s.digestDue(step, d.quiet, loc)
			q.add(digestKey(at), EventApprovalsDigest, d.recipient, d.channel, d.user, d.locale, d.address, d.vars, at)
		}
		if err := q.insert(ctx, tx, false); err != nil {
			return err
		}
		open, err := lockOpenDigests(ctx, tx, q)
		if err != nil {
			return err
		}
		var next []digestRow
		for i, d := range pending {
			if key := q.eventID[i]; open[[3]string{key, d.recipient, d.channel}] {
				placed[key] = append(placed[key], d.channel+" "+d.recipient)
			} else {
				next = append(next, d)
			}
		}
		pending = next
	}
	raw, err := json.Marshal(item)
	if err != nil {
		return err
	}
	for key, who := range placed {
		if _, err := tx.Exec(ctx, `insert into notify.digest_items (tenant_id, digest, event_id, recipients, vars)
			values ($1, $2, $3, $4, $5) on conflict do nothing`,
			tx.Tenant().UUID(), key, n.ev.ID, who, raw); err != nil {
			return fmt.Errorf("list the request in its digests: %w", db.Translate(err))
		}
	}
	return nil
}

// lockOpenDigests locks, until tx ends, the digests of q no runner has
// claimed yet, and returns them by (key, recipient, channel). A runner
// claiming one meanwhile is waited for; its claim then shows.
func lockOpenDigests(ctx context.Context, tx *db.Tx, q deliveryRows) (map[[3]string]bool, error) {
	rows, err := tx.Query(ctx, `select d.event_id, d.recipient, d.channel from notify.deliveries d
		join unnest($2::text[], $3::text[], $4::text[]) as w(event_id, recipient, channel)
			on d.event_id = w.event_id and d.recipient = w.recipient and d.channel = w.channel
		where d.tenant_id = $1 and d.state = 'pending' and d.attempts = 0
		for share of d`, tx.Tenant().UUID(), q.eventID, q.recipient, q.channel)
	if err != nil {
		return nil, fmt.Errorf("lock digests: %w", err)
	}
	defer rows.Close()
	open := map[[3]string]bool{}
	for rows.Next() {
		var k [3]string
		if err := rows.Scan(&k[0], &k[1], &k[2]); err != nil {
			return nil, err
		}
		open[k] = true
	}
	return open, rows.Err()
}

// digestItems reads the requests each digest among ds lists, oldest
// first, into its items, with Count and More in its variables.
func (s *Service) digestItems(ctx context.Context, ds []delivery) error {
	var ids []int64
	var keys, who []string
	at := map[int64]int{}
	for i, d := range ds {
		if d.eventType == EventApprovalsDigest {
			ids, keys, who = append(ids, d.id), append(keys, d.eventID), append(who, d.channel+" "+d.recipient)
			at[d.id] = i
		}
	}
	if len(ids) == 0 {
		return nil
	}
	// Each digest reads the requests it shows and how many it lists in
	// all, not every request: a window's digests to a role's holders
	// list the same requests, and reading them all for each holder
	// moved every one of them, vars and all, a hundred times.
	counts := map[int64]int{}
	err := s.db.ReadTenant(ctx, func(ctx context.Context, tx *db.Tx) error {
		rows, err := tx.Query(ctx, `select d.id, x.vars, x.total from unnest($2::bigint[], $3::text[], $4::text[]) as d(id, digest, who)
			cross join lateral (
				select i.vars, i.created_at, i.event_id, count(*) over () as total from notify.digest_items i
				where i.tenant_id = $1 and i.digest = d.digest and d.who = any(i.recipients)
				order by i.created_at, i.event_id limit $5) x
			order by d.id, x.created_at, x.event_id`, tx.Tenant().UUID(), ids, keys, who, digestItemsShown)
		if err != nil {
			return fmt.Errorf("digest items: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var id, total int64
			var raw []byte
			if err := rows.Scan(&id, &raw, &total); err != nil {
				return err
			}
			counts[id] = int(total)
			var it map[string]string
			if err := json.Unmarshal(raw, &it); err != nil {
				return fmt.Errorf("digest item of delivery %d: %w", id, err)
			}
			d := &ds[at[id]]
			d.items = append(d.items, it)
		}
		return rows.Err()
	})
	if err != nil {
		return err
	}
	for id, i := range at {
		d := &ds[i]
		d.vars["Count"], d.vars["More"] = strconv.Itoa(counts[id]), ""
		if more := counts[id] - digestItemsShown; more > 0 {
			d.vars["More"] = strconv.Itoa(more)
		}
	}
	return nil
}
