package httpx

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/vextrus/vextrus/internal/platform/errs"
)

// Conditional requests (RFC 9110 §13) over versioned resources: a
// resource's ETag is its version as a strong entity tag ("3"); a change
// names the version it was made from in If-Match, and the store refuses it
// when the resource has moved on (errs.Stale), which answers 412.

// ETag is the strong entity tag of version.
func ETag(version int) string { return `"` + strconv.Itoa(version) + `"` }

// SetETag sets the ETag of the response to that of version.
func SetETag(w http.ResponseWriter, version int) { w.Header().Set("ETag", ETag(version)) }

// NotModified answers 304 and reports true when the request's
// If-None-Match names the version (weak comparison, RFC 9110 §13.1.2), so
// a GET may skip sending what the client holds.
func NotModified(w http.ResponseWriter, r *http.Request, version int) bool {
	h := r.Header.Get("If-None-Match")
	if h == "" {
		return false
	}
	tags, ok := parseETags(h)
	match := h == "*"
	for _, t := range tags {
		match = match || (ok && t.value == strconv.Itoa(version))
	}
	if !match {
		return false
	}
	SetETag(w, version)
	w.WriteHeader(http.StatusNotModified)
	return true
}

// Precondition is what a request's If-Match asks of the current version.
type Precondition struct {
	header   string
	any      bool  // "*": any current representation
	versions []int // the versions of the strong tags this API issues
}

// IfMatch reads the If-Match of r.
func IfMatch(r *http.Request) Precondition {
	p := Precondition{header: strings.TrimSpace(r.Header.Get("If-Match"))}
	if p.header == "*" {
		p.any = true
		return p
	}
	tags, _ := parseETags(p.header)
	for _, t := range tags {
		if n, err := strconv.Atoi(t.value); err == nil && !t.weak && n > 0 && strconv.Itoa(n) == t.value {
			p.versions = append(p.versions, n)
		}
	}
	return p
}

// Sent reports whether the request carried If-Match.
func (p Precondition) Sent() bool { return p.header != "" }

// Required returns FAILED_PRECONDITION answered 428 (RFC 6585) when the
// request carried no If-Match: a PATCH or PUT of a versioned resource
// must say which version it was made from, so it cannot silently undo a
// change it never saw.
func (p Precondition) Required() error {
	if p.Sent() {
		return nil
	}
	e := errs.E(errs.FailedPrecondition,
		`If-Match is required: send the ETag of the version the change was made from (a GET answers it), e.g. If-Match: "3"`).
		WithStatus(http.StatusPreconditionRequired)
	e.Fields = []errs.FieldError{{Field: "If-Match", Message: "is required"}}
	return e
}

// Matches reports whether version satisfies p (RFC 9110 §13.1.1): always
// when no If-Match was sent or it is "*", else when one of its strong tags
// names version. A store that locks the current row can call it inside its
// transaction, which keeps lists of tags exact without a read before.
func (p Precondition) Matches(version int) bool {
	return !p.Sent() || p.any || slices.Contains(p.versions, version)
}

// Version returns the version a store compares the current one with
// (expectedVersion): 0 when nothing is asked (no If-Match, or "*"), the
// version of a single tag, and for a list of tags the current version
// when the list names it (current is called only then; the store still
// compares, so a change in between is refused). A tag this API never
// issued, a weak one (If-Match compares strongly) and a list that misses
// the current version are FAILED_PRECONDITION (412).
func (p Precondition) Version(current func() (int, error)) (int, error) {
	switch {
	case !p.Sent() || p.any:
		return 0, nil
	case len(p.versions) == 1:
		return p.versions[0], nil
	case len(p.versions) == 0:
		return 0, p.failed()
	}
	v, err := current()
	if err != nil {
		return 0, err
	}
	for _, want := range p.versions {
		if want == v {
			return v, nil
		}
	}
	return 0, p.failed()
}

// Err turns the store's refusal of a stale version (errs.Stale) into the
// 412 of this precondition; other errors pass unchanged.
func (p Precondition) Err(err error) error {
	if err != nil && p.Sent() && errors.Is(err, errs.ErrStaleVersion) {
		e := p.failed()
		e.Message += " (" + errs.As(err).Message + ")"
		return e
	}
	return err
}

func (p Precondition) failed() *errs.Error {
	e := errs.E(errs.FailedPrecondition, "If-Match %s does not match the current ETag: read the resource again and retry from its ETag", p.header)
	e.Fields = []errs.FieldError{{Field: "If-Match", Message: "does not match the current ETag"}}
	return e
}

type entityTag struct {
	weak  bool
	value string // between the quotes
}

// parseETags reads a list of entity tags (RFC 9110 §8.8.3). ok is false
// when the header is not such a list; the tags read before the fault are
// returned all the same.
func parseETags(h string) (tags []entityTag, ok bool) {
	for {
		h = strings.TrimLeft(h, " \t,")
		if h == "" {
			return tags, true
		}
		var t entityTag
		if strings.HasPrefix(h, "W/") {
			t.weak, h = true, h[2:]
		}
		if !strings.HasPrefix(h, `"`) {
			return tags, false
		}
		end := strings.IndexByte(h[1:], '"')
		if end < 0 {
			return tags, false
		}
		t.value, h = h[1:1+end], h[2+end:]
		tags = append(tags, t)
		if h = strings.TrimLeft(h, " \t"); h != "" && h[0] != ',' {
			return tags, false
		}
	}
}

// VersionOf reads a request's If-Match against the resource's current
// version: without the header it answers 428 when required and version
// 0 (no check) otherwise; with it, the version it names or 412.
func VersionOf(r *http.Request, required bool, current func() (int, error)) (Precondition, int, error) {
	cond := IfMatch(r)
	if !cond.Sent() {
		if required {
			return cond, 0, cond.Required()
		}
		return cond, 0, nil
	}
	v, err := cond.Version(current)
	if err != nil {
		return cond, 0, err
	}
	return cond, v, nil
}
