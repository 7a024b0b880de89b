package config

import (
	"fmt"
	"io"
	"reflect"
	"strings"
	"time"
)

// Redacted is printed instead of a secret's value.
const Redacted = "[redacted]"

// Entry is one effective setting.
type Entry struct {
	Key, Env, Value, Doc string
	Secret              bool
}

// Entries lists every leaf of cfg with its effective value; secrets that
// are set show as Redacted.
func Entries(cfg any) []Entry {
	var out []Entry
	v := reflect.ValueOf(cfg)
	if v.Kind() == reflect.Pointer {
		// Walk a copy so the map write-back in walk never touches cfg.
		cp := reflect.New(v.Elem().Type())
		cp.Elem().Set(v.Elem())
		v = cp
	}
	walk(v.Elem(), "", func(f field) {
		val := format(f.value)
		if f.secret && val != "" {
			val = Redacted
		}
		out = append(out, Entry{Key: f.key, Env: EnvName(f.key), Value: val, Doc: f.doc, Secret: f.secret})
	})
	return out
}

// Print writes the effective configuration as KEY=value lines.
func Print(w io.Writer, cfg any) error {
	for _, e := range Entries(cfg) {
		if _, err := fmt.Fprintf(w, "%s=%s\n", e.Env, e.Value); err != nil {
			return err
		}
	}
	return nil
}

// WriteEnvExample writes a commented .env template of every setting with
// its default (secrets left empty).
func WriteEnvExample(w io.Writer, cfg any) error {
	for _, e := range Entries(cfg) {
		val := e.Value
		if e.Secret {
			val = ""
		}
		if e.Doc != "" {
			if _, err := fmt.Fprintf(w, "# %s\n", e.Doc); err != nil {
				return err
			}
		}
		if _, err := fmt.Fprintf(w, "# %s=%s\n\n", e.Env, val); err != nil {
			return err
		}
	}
	return nil
}

func format(v reflect.Value) string {
	if v.Type() == durationType {
		return time.Duration(v.Int()).String()
	}
	if v.Kind() == reflect.Slice {
		parts := make([]string, v.Len())
		for i := range parts {
			parts[i] = v.Index(i).String()
		}
		return strings.Join(parts, ",")
	}
	return fmt.Sprint(v.Interface())
}
