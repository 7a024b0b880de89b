package audit

import (
	"bytes"
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// Verify walks the chain of the caller's tenant and records that it did,
// as an EventChainVerified event. Returns UNAUTHENTICATED or
// PERMISSION_DENIED without audit.chain.verify.
func (s *Service) Verify(ctx context.Context) (VerifyResult, error) {
	if err := authz.Require(ctx, PermChainVerify); err != nil {
		return VerifyResult{}, err
	}
	res, err := s.VerifyTenant(ctx)
	if err != nil {
		return res, err
	}
	payload := map[string]any{"entries": res.Entries, "ok": res.OK}
	if res.Broken != nil {
		payload["firstBrokenSeq"] = res.Broken.Seq
	}
	err = s.pool.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		return s.outbox.Append(ctx, tx, events.Draft{Type: EventChainVerified, Subject: res.Tenant.String(), Data: payload})
	})
	return res, err
}

// VerifyTenant walks the chain of the tenant of ctx without a permission
// check: the operator's path (`vextrus audit verify --tenant`), which
// names the tenant itself. It reads the chain as of one moment; entries
// appended meanwhile are left for the next run.
func (s *Service) VerifyTenant(ctx context.Context) (VerifyResult, error) {
	t, err := tenant.Require(ctx)
	if err != nil {
		return VerifyResult{}, err
	}
	res := VerifyResult{Tenant: t}
	err = s.pool.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		res = VerifyResult{Tenant: t}
		var headSeq, anchorSeq int64
		var headHash, anchorHash []byte
		err := tx.QueryRow(ctx, "select seq, hash, anchor_seq, anchor_hash from audit.chain_heads where tenant_id = $1",
			t.UUID()).Scan(&headSeq, &headHash, &anchorSeq, &anchorHash)
		if errors.Is(err, pgx.ErrNoRows) {
			res.OK = true // no entries yet
			return nil
		}
		if err != nil {
			return fmt.Errorf("read chain head: %w", err)
		}
		rows, err := tx.Query(ctx, selectEntry+" where seq > $1 and seq <= $2 order by seq", anchorSeq, headSeq)
		if err != nil {
			return fmt.Errorf("read chain: %w", err)
		}
		defer rows.Close()
		w := walker{tenant: t, next: anchorSeq + 1, prev: anchorHash}
		for rows.Next() && w.broken == nil {
			e, err := scanEntry(rows)
			if err != nil {
				return fmt.Errorf("read chain: %w", err)
			}
			w.step(&e)
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("read chain: %w", err)
		}
		w.end(headSeq, headHash)
		res.Entries, res.Broken, res.OK = w.checked, w.broken, w.broken == nil
		return nil
	})
	return res, err
}

// walker checks entries in sequence order against the chain.
type walker struct {
	tenant  tenant.ID
	next    int64
	prev    []byte
	checked int64
	broken  *BrokenEntry
}

func (w *walker) step(e *Entry) {
	switch {
	case e.Seq != w.next:
		w.broken = &BrokenEntry{Seq: w.next, Reason: "entry is missing"}
		return
	case !bytes.Equal(e.PrevHash, w.prev):
		w.broken = &BrokenEntry{Seq: e.Seq, EventID: e.EventID, Reason: "does not follow the previous entry"}
		return
	}
	h, err := entryHash(w.tenant, w.prev, e)
	if err != nil || !bytes.Equal(h, e.Hash) {
		w.broken = &BrokenEntry{Seq: e.Seq, EventID: e.EventID, Reason: "content does not match its hash"}
		return
	}
	w.checked++
	w.next++
	w.prev = e.Hash
}

// end checks the walk reached the head: entries deleted from the end of
// the chain leave no gap to notice otherwise.
func (w *walker) end(headSeq int64, headHash []byte) {
	if w.broken != nil {
		return
	}
	if w.next-1 != headSeq {
		w.broken = &BrokenEntry{Seq: w.next, Reason: "entry is missing"}
	} else if !bytes.Equal(w.prev, headHash) {
		w.broken = &BrokenEntry{Seq: headSeq, Reason: "chain head does not match the last entry"}
	}
}
