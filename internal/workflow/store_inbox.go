package workflow

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/httpx"
)

// Task is one entry of a user's approval inbox.
type Task struct {
	ApprovalID uuid.UUID  `json:"approvalId"`
	Task       string     `json:"task"`
	Level      int        `json:"level"`
	LevelName  string     `json:"levelName"`
	Document   Document   `json:"document"`
	Submitter  string     `json:"submitter"`
	DueAt      *time.Time `json:"dueAt"`
	Since      time.Time  `json:"since"`
}

// InboxPage is one page of an inbox, newest first.
type InboxPage struct {
	Items      []Task
	NextCursor string
}

// inbox answers what waits for user (whose inbox keys are keys) with one
// index scan of inbox_assignee_idx: the user's keys, minus levels the
// user already approved and, for decisions, the user's own documents.
func (s *store) inbox(ctx context.Context, user string, keys []string, limit int, cursor string) (InboxPage, error) {
	since, after, err := decodeCursor(cursor)
	if err != nil {
		return InboxPage{}, err
	}
	page := InboxPage{Items: []Task{}}
	err = s.db.ReadTenant(ctx, func(ctx context.Context, tx *db.Tx) error {
		rows, err := tx.Query(ctx, `select distinct on (since, approval_id) approval_id, task, level, level_name,
				doc_type, doc_id, amount::text, currency, summary, submitter::text, due_at, since
			from workflow.inbox
			where tenant_id = $1 and assignee = any($2::text[])
			  and not ($3::uuid = any(decided)) and (task = 'respond' or submitter <> $3::text)
			  and (since, approval_id) < ($4, $5)
			order by since desc, approval_id desc
			limit $6`, tx.Tenant().UUID(), keys, user, since, after, limit+1)
		if err != nil {
			return fmt.Errorf("inbox: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var t Task
			d := &t.Document
			if err := rows.Scan(&t.ApprovalID, &t.Task, &t.Level, &t.LevelName, &d.Type, &d.ID, &d.Amount, &d.Currency,
				&d.Summary, &t.Submitter, &t.DueAt, &t.Since); err != nil {
				return err
			}
			page.Items = append(page.Items, t)
		}
		return rows.Err()
	})
	if err != nil {
		return InboxPage{}, err
	}
	if len(page.Items) > limit {
		last := page.Items[limit-1]
		page.Items = page.Items[:limit]
		page.NextCursor = httpx.TimeCursor(last.Since, last.ApprovalID)
	}
	return page, nil
}

// decodeCursor reads an httpx.TimeCursor; "" starts at the newest entry.
func decodeCursor(c string) (time.Time, uuid.UUID, error) {
	if c == "" {
		return time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC), uuid.Max, nil
	}
	return httpx.ParseTimeCursor(c)
}

// addDelegation stores d.
func (s *store) addDelegation(ctx context.Context, d Delegation) error {
	deps, err := json.Marshal(d.Departments)
	if err != nil {
		return err
	}
	return s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		_, err := tx.Exec(ctx, `insert into workflow.delegations (tenant_id, id, from_user, to_user, roles, departments, starts_at, ends_at)
			values ($1, $2, $3, $4, $5, $6, $7, $8)`, tx.Tenant().UUID(), d.ID, d.From, d.To, d.Roles, deps, d.Starts, d.Ends)
		if err != nil {
			return fmt.Errorf("insert delegation: %w", db.Translate(err))
		}
		return nil
	})
}

// delegations lists the unrevoked delegations to or from user that have
// not ended at now.
func (s *store) delegations(ctx context.Context, user string, now time.Time, toOnly bool) ([]Delegation, error) {
	out := []Delegation{}
	err := s.db.ReadTenant(ctx, func(ctx context.Context, tx *db.Tx) error {
		rows, err := tx.Query(ctx, `select id::text, from_user::text, to_user::text, roles, departments, starts_at, ends_at
			from workflow.delegations
			where tenant_id = $1 and revoked_at is null and ends_at > $3
			  and (to_user = $2::uuid or (not $4 and from_user = $2::uuid))
			order by starts_at, id`, tx.Tenant().UUID(), user, now, toOnly)
		if err != nil {
			return fmt.Errorf("delegations: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var d Delegation
			var deps []byte
			if err := rows.Scan(&d.ID, &d.From, &d.To, &d.Roles, &deps, &d.Starts, &d.Ends); err != nil {
				return err
			}
			if err := json.Unmarshal(deps, &d.Departments); err != nil {
				return fmt.Errorf("delegation departments: %w", err)
			}
			out = append(out, d)
		}
		return rows.Err()
	})
	return out, err
}

// revokeDelegation ends a delegation the user made. Returns NOT_FOUND.
func (s *store) revokeDelegation(ctx context.Context, user string, id uuid.UUID) error {
	return s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		tag, err := tx.Exec(ctx, `update workflow.delegations set revoked_at = now()
			where id = $1 and from_user = $2::uuid and revoked_at is null`, id, user)
		if err == nil && tag.RowsAffected() == 0 {
			return errs.E(errs.NotFound, "delegation not found")
		}
		return err
	})
}

// TaskCursor is the cursor that continues an inbox after t.
func TaskCursor(t Task) string { return httpx.TimeCursor(t.Since, t.ApprovalID) }
