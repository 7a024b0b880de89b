package settings

import (
	"bytes"
	"encoding/json"
	"maps"
	"slices"

	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/tenant"
	"github.com/vextrus/vextrus/internal/platform/tenantsettings"
)

// The events' payloads; their schemas are api/events/<type>.json. Both
// have the tenant as subject, so a tenant's changes stay in order; the
// actor is the envelope's.

// Changed is the payload of vextrus.settings.changed.v1.
type Changed struct {
	Version         int `json:"version"`
	PreviousVersion int `json:"previousVersion"`
	// Changed lists the JSON paths whose values differ, such as
	// "timezone" or "numbering.sales-invoice.pattern".
	Changed []string `json:"changed"`
	// Old is nil when the tenant had no settings of its own.
	Old    *tenantsettings.Settings `json:"old"`
	New    tenantsettings.Settings  `json:"new"`
	Reason string                   `json:"reason"`
}

// FlagChanged is the payload of vextrus.settings.flag.changed.v1.
type FlagChanged struct {
	Key     string `json:"key"`
	Version int    `json:"version"`
	// Old and New are nil when the flag followed (or, after a reset,
	// follows) the catalog's default.
	Old    *tenantsettings.FlagState `json:"old"`
	New    *tenantsettings.FlagState `json:"new"`
	Reason string                    `json:"reason"`
}

func changedEvent(t tenant.ID, before, after Document) events.Draft {
	p := Changed{Version: after.Version, PreviousVersion: before.Version, New: after.Settings, Reason: after.Reason}
	var old any
	if before.Version > 0 {
		p.Old, old = &before.Settings, before.Settings
	}
	p.Changed = changedPaths(old, after.Settings)
	return events.Draft{Type: tenantsettings.EventChanged, Subject: t.String(), Data: p}
}

func flagChangedEvent(t tenant.ID, before *tenantsettings.FlagState, after flagRow) events.Draft {
	return events.Draft{Type: tenantsettings.EventFlagChanged, Subject: t.String(),
		Data: FlagChanged{Key: after.Key, Version: after.Version, Old: before, New: after.State, Reason: after.Reason}}
}

// changedPaths returns the sorted JSON paths of the leaves that differ
// between a and b (a nil: every leaf of b).
func changedPaths(a, b any) []string {
	var out []string
	diff("", generic(a), generic(b), &out)
	slices.Sort(out)
	return out
}

// generic is v as JSON decodes it: maps, slices and scalars.
func generic(v any) any {
	if v == nil {
		return nil
	}
	raw, _ := json.Marshal(v)
	var out any
	_ = json.Unmarshal(raw, &out)
	return out
}

func diff(path string, a, b any, out *[]string) {
	am, aok := a.(map[string]any)
	bm, bok := b.(map[string]any)
	if aok || bok {
		keys := slices.Collect(maps.Keys(am))
		keys = append(keys, slices.Collect(maps.Keys(bm))...)
		slices.Sort(keys)
		for _, k := range slices.Compact(keys) {
			diff(join(path, k), am[k], bm[k], out)
		}
		return
	}
	if !sameJSON(a, b) {
		*out = append(*out, path)
	}
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// sameJSON reports whether a and b encode to the same JSON.
func sameJSON(a, b any) bool {
	ra, errA := json.Marshal(a)
	rb, errB := json.Marshal(b)
	return errA == nil && errB == nil && bytes.Equal(ra, rb)
}
