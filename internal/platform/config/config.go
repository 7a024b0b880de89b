// Package config fills typed configuration structs, in this order: the
// defaults already in the struct, then `vextrus.yaml`, then environment
// variables, then secret references. Every problem is collected and reported
// at once, each naming the environment variable that fixes it.
//
// Naming scheme: a field's key is its yaml path (snake_case), and its
// environment variable is VEXTRUS_ followed by that path upper-cased with
// dots as underscores. `database.url` is VEXTRUS_DATABASE_URL,
// `http.addr` is VEXTRUS_HTTP_ADDR, `clients.auth.timeout` is
// VEXTRUS_CLIENTS_AUTH_TIMEOUT.
//
// Struct tags: `yaml:"name"` names the key; `secret:"true"` redacts the value
// in `config print`; `doc:"..."` documents it for `.env.example`;
// `reload:"live"` marks a setting (or a whole section) that a running
// process applies when its configuration reloads (ApplyLive), where every
// other setting takes a restart.
package config

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"strings"

	"gopkg.in/yaml.v3"
)

// Prefix starts every environment variable.
const Prefix = "VEXTRUS"

// EnvName returns the environment variable of a dotted key.
func EnvName(key string) string {
	return Prefix + "_" + strings.ToUpper(strings.NewReplacer(".", "_", "-", "_").Replace(key))
}

// Problem is one thing wrong with the configuration.
type Problem struct {
	Key     string // dotted yaml key, e.g. database.url
	Message string
}

// Env is the environment variable that sets the key.
func (p Problem) Env() string { return EnvName(p.Key) }

func (p Problem) String() string { return fmt.Sprintf("%s (%s): %s", p.Env(), p.Key, p.Message) }

// Problems is every problem found at once; it is an error.
type Problems []Problem

func (ps Problems) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "configuration has %d problem(s):", len(ps))
	for _, p := range ps {
		b.WriteString("\n  - ")
		b.WriteString(p.String())
	}
	return b.String()
}

// Err returns ps as an error, or nil when empty.
func (ps Problems) Err() error {
	if len(ps) == 0 {
		return nil
	}
	return ps
}

// Validator is implemented by config structs that check themselves. It adds
// problems with keys relative to the struct (e.g. "url"); the loader
// prefixes the struct's own key.
type Validator interface {
	Validate(p *Checker)
}

// Checker collects problems during validation.
type Checker struct {
	prefix   string
	problems Problems
}

// Check records msg for key when ok is false.
func (c *Checker) Check(ok bool, key, format string, args ...any) {
	if !ok {
		c.Add(key, format, args...)
	}
}

// Add records a problem with key (relative to the struct being validated).
func (c *Checker) Add(key, format string, args ...any) {
	full := key
	if c.prefix != "" {
		full = c.prefix + "." + key
	}
	c.problems = append(c.problems, Problem{Key: full, Message: fmt.Sprintf(format, args...)})
}

// Problems returns what was recorded.
func (c *Checker) Problems() Problems { return c.problems }

// Source says where configuration comes from.
type Source struct {
	// File is a yaml file; a missing file is not an error unless Required.
	File         string
	FileRequired bool
	// Lookup reads environment variables; nil means os.LookupEnv.
	Lookup func(string) (string, bool)
	// Environ lists the environment as KEY=value, to find the map keys
	// (services.<name>) only the environment names; nil means os.Environ
	// when Lookup is nil, else none.
	Environ func() []string
	// Secrets resolves references such as env:NAME and file:/path.
	Secrets *Secrets
	// Referenced, when set, is told the key and the reference of every
	// setting a secret reference gave its value, so that the caller can
	// watch the secrets that rotate.
	Referenced func(key, ref string)
}

// Load fills dst, a pointer to a struct holding defaults, from src and
// validates it. It returns Problems listing everything wrong.
func Load(ctx context.Context, dst any, src Source) error {
	rv := reflect.ValueOf(dst)
	if rv.Kind() != reflect.Pointer || rv.Elem().Kind() != reflect.Struct {
		return errors.New("config: destination must be a pointer to a struct")
	}
	var problems Problems
	if src.File != "" {
		data, err := os.ReadFile(src.File)
		switch {
		case errors.Is(err, os.ErrNotExist) && !src.FileRequired:
		case err != nil:
			problems = append(problems, Problem{Key: "file", Message: fmt.Sprintf("read %s: %v", src.File, err)})
		default:
			dec := yaml.NewDecoder(strings.NewReader(string(data)))
			dec.KnownFields(true)
			if err := dec.Decode(dst); err != nil && !errors.Is(err, io.EOF) {
				problems = append(problems, Problem{Key: "file", Message: fmt.Sprintf("%s: %v", src.File, err)})
			}
		}
	}
	lookup, environ := src.Lookup, src.Environ
	if lookup == nil {
		lookup = os.LookupEnv
		if environ == nil {
			environ = os.Environ
		}
	}
	if environ != nil {
		addEnvKeys(rv.Elem(), "", environ())
	}
	secrets := src.Secrets
	if secrets == nil {
		secrets = NewSecrets(lookup)
	}
	walk(rv.Elem(), "", func(f field) {
		if raw, ok := lookup(EnvName(f.key)); ok {
			if err := setFromString(f.value, raw); err != nil {
				problems = append(problems, Problem{Key: f.key, Message: err.Error()})
				return
			}
		}
		if f.value.Kind() == reflect.String {
			resolved, isRef, err := secrets.Resolve(ctx, f.value.String())
			if err != nil {
				problems = append(problems, Problem{Key: f.key, Message: err.Error()})
			} else if isRef {
				if src.Referenced != nil {
					src.Referenced(f.key, f.value.String())
				}
				f.value.SetString(resolved)
			}
		}
	})
	problems = append(problems, Validate(dst)...)
	return problems.Err()
}

// Validate runs every Validator in the tree of dst.
func Validate(dst any) Problems {
	c := &Checker{}
	validateTree(reflect.ValueOf(dst), "", c)
	return c.problems
}

func validateTree(v reflect.Value, prefix string, c *Checker) {
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return
		}
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return
	}
	if v.CanAddr() {
		if val, ok := v.Addr().Interface().(Validator); ok {
			saved := c.prefix
			c.prefix = prefix
			val.Validate(c)
			c.prefix = saved
		}
	}
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		name, ok := keyName(sf)
		if !ok {
			continue
		}
		validateTree(v.Field(i), join(prefix, name), c)
	}
}
