package config

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// field is one settable leaf of a configuration tree.
type field struct {
	key   string
	value reflect.Value
	tags
}

// tags are what a leaf's struct tags say about it. live is inherited: a
// section tagged `reload:"live"` makes every setting under it live.
type tags struct {
	secret bool
	doc    string
	live   bool
}

// childTags are the tags of struct field sf under a parent with p.
func childTags(sf reflect.StructField, p tags) tags {
	return tags{secret: sf.Tag.Get("secret") == "true", doc: sf.Tag.Get("doc"), live: p.live || sf.Tag.Get("reload") == "live"}
}

var durationType = reflect.TypeOf(time.Duration(0))

// walk visits every leaf (scalar, duration or string slice) under v. Maps are
// walked over the keys they already hold, so per-target settings given in
// yaml can still be overridden from the environment.
func walk(v reflect.Value, prefix string, visit func(field)) {
	walkTagged(v, prefix, tags{}, visit)
}

func walkTagged(v reflect.Value, prefix string, tg tags, visit func(field)) {
	switch {
	case isLeaf(v.Type()):
		visit(field{key: prefix, value: v, tags: tg})
	case v.Kind() == reflect.Pointer:
		if !v.IsNil() {
			walkTagged(v.Elem(), prefix, tg, visit)
		}
	case v.Kind() == reflect.Struct:
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			sf := t.Field(i)
			name, ok := keyName(sf)
			if !ok {
				continue
			}
			walkTagged(v.Field(i), join(prefix, name), childTags(sf, tg), visit)
		}
	case v.Kind() == reflect.Map && v.Type().Key().Kind() == reflect.String:
		keys := v.MapKeys()
		sortValues(keys)
		for _, k := range keys {
			// Map values are not addressable: copy, walk, store back.
			elem := reflect.New(v.Type().Elem()).Elem()
			elem.Set(v.MapIndex(k))
			walkTagged(elem, join(prefix, k.String()), tg, visit)
			v.SetMapIndex(k, elem)
		}
	}
}

// isLeaf reports whether a value of t is one setting: a scalar, a
// duration or a string list.
func isLeaf(t reflect.Type) bool {
	return t == durationType || isScalar(t.Kind()) || isStringSlice(t)
}

func isScalar(k reflect.Kind) bool {
	switch k {
	case reflect.String, reflect.Bool,
		reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float64:
		return true
	}
	return false
}

func isStringSlice(t reflect.Type) bool {
	return t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.String
}

// keyName returns the yaml key of a struct field; unexported fields and
// fields tagged `yaml:"-"` have none.
func keyName(sf reflect.StructField) (string, bool) {
	if !sf.IsExported() {
		return "", false
	}
	tag := sf.Tag.Get("yaml")
	name, _, _ := strings.Cut(tag, ",")
	if name == "-" {
		return "", false
	}
	if name == "" {
		name = strings.ToLower(sf.Name)
	}
	return name, true
}

func join(prefix, name string) string {
	if prefix == "" {
		return name
	}
	return prefix + "." + name
}

// setFromString parses raw into v by v's type; lists are comma-separated.
func setFromString(v reflect.Value, raw string) error {
	if v.Type() == durationType {
		d, err := time.ParseDuration(strings.TrimSpace(raw))
		if err != nil {
			return fmt.Errorf("%q is not a duration (e.g. 5s, 250ms)", raw)
		}
		v.SetInt(int64(d))
		return nil
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(raw)
	case reflect.Bool:
		b, err := strconv.ParseBool(strings.TrimSpace(raw))
		if err != nil {
			return fmt.Errorf("%q is not a boolean (true or false)", raw)
		}
		v.SetBool(b)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, err := strconv.ParseInt(strings.TrimSpace(raw), 10, v.Type().Bits())
		if err != nil {
			return fmt.Errorf("%q is not a whole number", raw)
		}
		v.SetInt(n)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		n, err := strconv.ParseUint(strings.TrimSpace(raw), 10, v.Type().Bits())
		if err != nil {
			return fmt.Errorf("%q is not a non-negative whole number", raw)
		}
		v.SetUint(n)
	case reflect.Float64:
		f, err := strconv.ParseFloat(strings.TrimSpace(raw), 64)
		if err != nil {
			return fmt.Errorf("%q is not a number", raw)
		}
		v.SetFloat(f)
	case reflect.Slice:
		var items []string
		for _, s := range strings.Split(raw, ",") {
			if s = strings.TrimSpace(s); s != "" {
				items = append(items, s)
			}
		}
		v.Set(reflect.ValueOf(items).Convert(v.Type()))
	default:
		return fmt.Errorf("unsupported type %s", v.Type())
	}
	return nil
}

func sortValues(vs []reflect.Value) {
	for i := 1; i < len(vs); i++ {
		for j := i; j > 0 && vs[j].String() < vs[j-1].String(); j-- {
			vs[j], vs[j-1] = vs[j-1], vs[j]
		}
	}
}
