package masterdata

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/vextrus/vextrus/internal/platform/events"
)

// The verbs of master data events: vextrus.masterdata.<kind>.<verb>.v1.
const (
	verbCreated  = "created"
	verbUpdated  = "updated"
	verbArchived = "archived"
	verbRestored = "restored"
)

// Change is the payload of every master data event: which record, its
// version after the change, and the fields that changed with their new
// values (every field on created).
type Change struct {
	ID      string                     `json:"id"`
	Code    string                     `json:"code"`
	Version int                        `json:"version"`
	Changed map[string]json.RawMessage `json:"changed"`
}

// EventType is the type of the event a verb on kind emits.
func EventType(kind, verb string) string {
	return fmt.Sprintf("vextrus.masterdata.%s.%s.v1", kind, verb)
}

// draft builds the event of a change from before (nil on create) to after.
func draft[T Record](k *kind[T], verb string, before, after T, hasBefore bool) (events.Draft, error) {
	m := after.meta()
	changed, err := fieldsOf(after)
	if err != nil {
		return events.Draft{}, err
	}
	switch verb {
	case verbUpdated:
		if hasBefore {
			old, err := fieldsOf(before)
			if err != nil {
				return events.Draft{}, err
			}
			for name, v := range changed {
				if bytes.Equal(old[name], v) {
					delete(changed, name)
				}
			}
		}
	case verbArchived, verbRestored:
		at, _ := json.Marshal(m.ArchivedAt)
		changed = map[string]json.RawMessage{"archivedAt": at}
	}
	return events.Draft{
		Type:    EventType(k.name, verb),
		Subject: m.ID.String(),
		Data:    Change{ID: m.ID.String(), Code: after.project().code, Version: m.Version, Changed: changed},
	}, nil
}

// fieldsOf is the writable fields of rec as JSON, by field name.
func fieldsOf(rec Record) (map[string]json.RawMessage, error) {
	b, err := json.Marshal(rec.writable())
	if err != nil {
		return nil, fmt.Errorf("encode record: %w", err)
	}
	out := map[string]json.RawMessage{}
	if err := json.Unmarshal(b, &out); err != nil {
		return nil, fmt.Errorf("decode record: %w", err)
	}
	return out, nil
}
