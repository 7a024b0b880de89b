package vault

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// Ref is a parsed reference: the part of `vault:<mount>/<path>[?version=N]#<key>`
// after the scheme.
type Ref struct {
	Mount, Path, Key string
	// Version pins a KV v2 version; 0 means the latest, which rotates.
	Version int
}

// ParseRef parses the part of a reference after `vault:`.
func ParseRef(s string) (Ref, error) {
	loc, key, ok := strings.Cut(s, "#")
	if !ok || key == "" {
		return Ref{}, fmt.Errorf("vault:%s: no key (want vault:<mount>/<path>#<key>)", s)
	}
	loc, query, _ := strings.Cut(loc, "?")
	mount, path, _ := strings.Cut(loc, "/")
	if mount == "" || path == "" || strings.HasSuffix(path, "/") || strings.Contains(path, "//") {
		return Ref{}, fmt.Errorf("vault:%s: want vault:<mount>/<path>#<key>, e.g. vault:secret/vextrus/db#password", s)
	}
	for _, seg := range strings.Split(path, "/") {
		if seg == "." || seg == ".." {
			return Ref{}, fmt.Errorf("vault:%s: path segment %q is not allowed", s, seg)
		}
	}
	r := Ref{Mount: mount, Path: path, Key: key}
	if query != "" {
		q, err := url.ParseQuery(query)
		v := q.Get("version")
		if err != nil || len(q) != 1 || v == "" {
			return Ref{}, fmt.Errorf("vault:%s: the only option is ?version=<n>", s)
		}
		if r.Version, err = strconv.Atoi(v); err != nil || r.Version < 1 {
			return Ref{}, fmt.Errorf("vault:%s: version %q is not a positive whole number", s, v)
		}
	}
	return r, nil
}

// String is the reference as written, without the scheme.
func (r Ref) String() string {
	s := r.Mount + "/" + r.Path
	if r.Version > 0 {
		s += "?version=" + strconv.Itoa(r.Version)
	}
	return s + "#" + r.Key
}
