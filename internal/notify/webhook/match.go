package webhook

import (
	"regexp"
	"slices"
	"strings"

	"github.com/vextrus/vextrus/internal/platform/errs"
)

// maxPatterns bounds an endpoint's event type filters.
const maxPatterns = 50

var segmentRE = regexp.MustCompile(`^(\*|[a-z][a-z0-9_]*)$`)

// checkPattern reports whether p is an event type pattern: "*" (every
// event), or dot-separated segments starting with "vextrus", each a
// name or "*". A "*" segment matches one segment, except as the last,
// where it matches the rest of the type: vextrus.finance.* matches every
// finance event, vextrus.*.invoice.approved.v1 one event of any service.
func checkPattern(p string) bool {
	if p == "*" {
		return true
	}
	segs := strings.Split(p, ".")
	if len(segs) < 2 || segs[0] != "vextrus" {
		return false
	}
	for _, s := range segs {
		if !segmentRE.MatchString(s) {
			return false
		}
	}
	return true
}

// normalizePatterns trims, checks and de-duplicates an endpoint's
// patterns, reporting problems on field eventTypes.
func normalizePatterns(c *errs.Collector, ps []string) []string {
	out := make([]string, 0, len(ps))
	c.Check(len(ps) > 0, "eventTypes", "must name at least one event type pattern, e.g. vextrus.finance.* or *")
	c.Check(len(ps) <= maxPatterns, "eventTypes", "must have at most %d patterns", maxPatterns)
	for _, p := range ps {
		p = strings.TrimSpace(p)
		if !checkPattern(p) {
			c.Add("eventTypes", "%q is not an event type pattern: use *, a type such as vextrus.finance.invoice.approved.v1, or a prefix such as vextrus.finance.*", p)
			continue
		}
		if !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

// Match reports whether an event of type typ matches pattern (see
// checkPattern for the grammar).
func Match(pattern, typ string) bool {
	if pattern == "*" {
		return true
	}
	ps, ts := strings.Split(pattern, "."), strings.Split(typ, ".")
	for i, p := range ps {
		last := i == len(ps)-1
		switch {
		case i >= len(ts):
			return false
		case p == "*" && last:
			return true
		case p != "*" && p != ts[i]:
			return false
		}
	}
	return len(ps) == len(ts)
}

// matchesAny reports whether typ matches one of patterns.
func matchesAny(patterns []string, typ string) bool {
	for _, p := range patterns {
		if Match(p, typ) {
			return true
		}
	}
	return false
}

// withheld are the event types never sent to webhooks whatever the
// patterns: notify's own events, which would echo the pipeline back to
// itself, and auth's invite and password-reset events, which carry a
// single-use token (sealed, but a credential has no business leaving
// the platform, even encrypted).
var withheld = []string{
	"vextrus.notify.*",
	"vextrus.auth.user.invited.v1",
	"vextrus.auth.user.password_reset_issued.v1",
}

// sendable reports whether events of type typ may leave by webhook.
func sendable(typ string) bool { return !matchesAny(withheld, typ) }
