package rules

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/events"
)

// The events the rules service emits; payload schemas are
// api/events/<type>.json.
const (
	EventPublished = "vextrus.rules.ruleset.published.v1"
	EventRetired   = "vextrus.rules.ruleset.retired.v1"
)

// versionEvent is the payload of both events; the subject is the rule
// set's id, so one set's events stay in order.
type versionEvent struct {
	RuleSetID     string  `json:"ruleSetId"`
	Key           string  `json:"key"`
	Version       int     `json:"version"`
	EffectiveFrom string  `json:"effectiveFrom"`
	EffectiveTo   *string `json:"effectiveTo,omitempty"`
	Reference     string  `json:"reference,omitempty"`
}

func versionPayload(set RuleSet, v Version) versionEvent {
	p := versionEvent{RuleSetID: set.ID.String(), Key: set.Key, Version: v.Number,
		EffectiveFrom: v.EffectiveFrom.Format(time.DateOnly), Reference: v.Reference}
	if v.EffectiveTo != nil {
		to := v.EffectiveTo.Format(time.DateOnly)
		p.EffectiveTo = &to
	}
	return p
}

func publishedEvent(set RuleSet, v Version) events.Draft {
	return events.Draft{Type: EventPublished, Subject: set.ID.String(), Data: versionPayload(set, v)}
}

func retiredEvent(set RuleSet, v Version) events.Draft {
	return events.Draft{Type: EventRetired, Subject: set.ID.String(), Data: versionPayload(set, v)}
}

func (s *Service) emit(ctx context.Context, tx *db.Tx, d events.Draft) error {
	if s.events == nil {
		return nil
	}
	if err := s.events.Append(ctx, tx, d); err != nil {
		return fmt.Errorf("append %s: %w", d.Type, err)
	}
	return nil
}

// HandleEvent drops this process's compiled programs of the rule set a
// published or retired event names, so a change made by another process
// applies here at once (the cache listener of Consumers calls it). It
// ignores other event types.
func (s *Service) HandleEvent(_ context.Context, ev events.Event) error {
	if ev.Type != EventPublished && ev.Type != EventRetired {
		return nil
	}
	var p versionEvent
	if err := json.Unmarshal(ev.Data, &p); err != nil {
		return fmt.Errorf("decode %s: %w", ev.Type, err)
	}
	s.Invalidate(ev.Tenant, p.Key)
	return nil
}
