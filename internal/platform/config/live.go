package config

import (
	"errors"
	"reflect"
)

// Change is one setting whose value differs between two configurations.
// Old and New are formatted as `config print` shows them: a secret's are
// Redacted, so a Change can always be logged.
type Change struct {
	Key      string
	Live     bool
	Old, New string
}

// Env is the environment variable that sets the key.
func (c Change) Env() string { return EnvName(c.Key) }

// ApplyLive compares loaded with running, two pointers to structs of one
// type, copies every live setting that differs from loaded into running,
// and returns every setting that differs, in walk order: the live ones now
// applied, the others left at their running value until a restart.
//
// Maps are compared over the keys either side holds; an entry only one
// side has is compared with the zero value, so a new clients.<target>
// entry is seen setting by setting.
//
// running is changed through its own fields only: a map or pointer it
// holds is replaced by a changed copy, never written through. So running
// may be a shallow copy of a configuration that others still read.
func ApplyLive(running, loaded any) ([]Change, error) {
	r, l := reflect.ValueOf(running), reflect.ValueOf(loaded)
	if r.Kind() != reflect.Pointer || l.Kind() != reflect.Pointer || r.Type() != l.Type() || r.Elem().Kind() != reflect.Struct {
		return nil, errors.New("config: ApplyLive takes two pointers to structs of one type")
	}
	var out []Change
	applyPair(r.Elem(), l.Elem(), "", tags{}, &out)
	return out, nil
}

func applyPair(r, l reflect.Value, prefix string, tg tags, out *[]Change) {
	switch {
	case isLeaf(r.Type()):
		if reflect.DeepEqual(r.Interface(), l.Interface()) {
			return
		}
		c := Change{Key: prefix, Live: tg.live, Old: format(r), New: format(l)}
		if tg.secret {
			c.Old, c.New = redact(c.Old), redact(c.New)
		}
		*out = append(*out, c)
		if tg.live {
			r.Set(l)
		}
	case r.Kind() == reflect.Pointer:
		switch {
		case r.IsNil() && l.IsNil():
		case r.IsNil():
			fresh := reflect.New(r.Type().Elem())
			applyPair(fresh.Elem(), l.Elem(), prefix, tg, out)
			if !fresh.Elem().IsZero() {
				r.Set(fresh)
			}
		default:
			other := l
			if l.IsNil() {
				other = reflect.New(r.Type().Elem())
			}
			cp := reflect.New(r.Type().Elem())
			cp.Elem().Set(r.Elem())
			applyPair(cp.Elem(), other.Elem(), prefix, tg, out)
			r.Set(cp)
		}
	case r.Kind() == reflect.Struct:
		t := r.Type()
		for i := 0; i < t.NumField(); i++ {
			sf := t.Field(i)
			if name, ok := keyName(sf); ok {
				applyPair(r.Field(i), l.Field(i), join(prefix, name), childTags(sf, tg), out)
			}
		}
	case r.Kind() == reflect.Map && r.Type().Key().Kind() == reflect.String:
		applyMap(r, l, prefix, tg, out)
	}
}

// applyMap compares the entries of two maps over the union of their keys
// and sets r to a copy holding the outcome.
func applyMap(r, l reflect.Value, prefix string, tg tags, out *[]Change) {
	m := reflect.MakeMapWithSize(r.Type(), r.Len())
	iter := r.MapRange()
	for iter.Next() {
		m.SetMapIndex(iter.Key(), iter.Value())
	}
	keys := r.MapKeys()
	for _, k := range l.MapKeys() {
		if !r.MapIndex(k).IsValid() {
			keys = append(keys, k)
		}
	}
	sortValues(keys)
	for _, k := range keys {
		// Map values are not addressable: copy, compare, store back.
		re, le := reflect.New(r.Type().Elem()).Elem(), reflect.New(r.Type().Elem()).Elem()
		had, has := r.MapIndex(k).IsValid(), l.MapIndex(k).IsValid()
		if had {
			re.Set(r.MapIndex(k))
		}
		if has {
			le.Set(l.MapIndex(k))
		}
		before := len(*out)
		applyPair(re, le, join(prefix, k.String()), tg, out)
		switch {
		case !has && !pending((*out)[before:]):
			// Gone from loaded, and nothing of it waits for a restart.
			m.SetMapIndex(k, reflect.Value{})
		case had || !re.IsZero():
			m.SetMapIndex(k, re)
		}
	}
	if !r.IsNil() || m.Len() > 0 {
		r.Set(m)
	}
}

// pending reports whether any of cs waits for a restart.
func pending(cs []Change) bool {
	for _, c := range cs {
		if !c.Live {
			return true
		}
	}
	return false
}

func redact(v string) string {
	if v == "" {
		return ""
	}
	return Redacted
}
