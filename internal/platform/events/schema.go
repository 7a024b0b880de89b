package events

import (
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/vextrus/vextrus/api"
	"github.com/vextrus/vextrus/internal/platform/errs"
)

// Schemas holds the compiled payload schema of every known event type.
type Schemas struct {
	byType map[string]*jsonschema.Schema
}

// LoadSchemas compiles every `<type>.json` at the root of fsys. A file
// whose name is not an event type, or that is not a valid JSON Schema, is
// an error: a broken contract must fail at start, not at the first append.
func LoadSchemas(fsys fs.FS) (*Schemas, error) {
	files, err := fs.Glob(fsys, "*.json")
	if err != nil {
		return nil, fmt.Errorf("list event schemas: %w", err)
	}
	c := jsonschema.NewCompiler()
	s := &Schemas{byType: map[string]*jsonschema.Schema{}}
	for _, f := range files {
		typ := strings.TrimSuffix(path.Base(f), ".json")
		if !TypePattern.MatchString(typ) {
			return nil, fmt.Errorf("event schema %s: file name is not an event type", f)
		}
		raw, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, fmt.Errorf("read event schema %s: %w", f, err)
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
		if err != nil {
			return nil, fmt.Errorf("parse event schema %s: %w", f, err)
		}
		url := "vextrus:///events/" + f
		if err := c.AddResource(url, doc); err != nil {
			return nil, fmt.Errorf("add event schema %s: %w", f, err)
		}
		if s.byType[typ], err = c.Compile(url); err != nil {
			return nil, fmt.Errorf("compile event schema %s: %w", f, err)
		}
	}
	return s, nil
}

// DefaultSchemas are the schemas embedded from api/events, compiled once.
var DefaultSchemas = sync.OnceValues(func() (*Schemas, error) { return LoadSchemas(api.EventSchemas()) })

// Known reports whether typ has a schema.
func (s *Schemas) Known(typ string) bool { _, ok := s.byType[typ]; return ok }

// Validate checks a JSON payload against the schema of typ. Returns
// INVALID_ARGUMENT naming `type` when typ has no schema, and naming each
// offending payload field (prefix.<path>) otherwise.
func (s *Schemas) Validate(prefix, typ string, data []byte) error {
	sch, ok := s.byType[typ]
	if !ok {
		return errs.Field(join(prefix, "type"), "unknown event type %q: no schema in api/events", typ)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return errs.Field(join(prefix, "data"), "is not JSON")
	}
	err = sch.Validate(inst)
	if err == nil {
		return nil
	}
	ve, ok := err.(*jsonschema.ValidationError)
	if !ok {
		return errs.Wrap(errs.Internal, err, "validate event payload")
	}
	var col errs.Collector
	collect(&col, join(prefix, "data"), ve)
	return col.Err()
}

var printer = message.NewPrinter(language.English)

// collect adds the leaf errors of ve, each named by its instance location;
// a missing required property is named by the property itself.
func collect(col *errs.Collector, prefix string, ve *jsonschema.ValidationError) {
	if len(ve.Causes) > 0 {
		for _, c := range ve.Causes {
			collect(col, prefix, c)
		}
		return
	}
	field := prefix
	for _, seg := range ve.InstanceLocation {
		field += "." + seg
	}
	if req, ok := ve.ErrorKind.(*kind.Required); ok {
		for _, m := range req.Missing {
			col.Add(field+"."+m, "is required")
		}
		return
	}
	col.Add(field, "%s", ve.ErrorKind.LocalizedString(printer))
}

func join(prefix, field string) string {
	if prefix == "" {
		return field
	}
	return prefix + "." + field
}
