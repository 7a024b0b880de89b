package httpx

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"strings"

	"github.com/vextrus/vextrus/internal/platform/errs"
)

// scan walks data token by token with encoding/json's own tokenizer, which
// accepts what Unmarshal accepts, and refuses what Unmarshal lets through
// silently: a member name repeated in one object (Unmarshal keeps the last,
// so two readers of one document could disagree on it), a NUL character in
// a string (PostgreSQL text refuses it later with an error that names no
// field), and anything after the first value. Errors name the member's
// path: "address.line1", "rows[2].when".
func scan(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber() // numbers are not needed, only passed over
	var stack []*scanFrame
	done := false
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			if !done {
				return errs.Field("body", "is empty; a JSON object is required")
			}
			return nil
		}
		if err != nil {
			return decodeError(err)
		}
		if done {
			return errs.Field("body", "must hold a single JSON value")
		}
		var top *scanFrame
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		if top != nil && top.object && top.wantKey {
			if d, ok := tok.(json.Delim); ok && d == '}' {
				stack = stack[:len(stack)-1]
				done = valueEnded(stack)
				continue
			}
			key := tok.(string) // the tokenizer allows nothing else here
			name := join(top.path, key)
			if strings.IndexByte(key, 0) >= 0 {
				return errs.Field(strings.ReplaceAll(name, "\x00", `\u0000`), "must not contain a NUL character in its name")
			}
			if top.keys[key] {
				return errs.Field(name, "is given more than once; a member name may appear once in an object")
			}
			top.keys[key] = true
			top.key, top.wantKey = key, false
			continue
		}
		path := ""
		if top != nil {
			path = top.childPath()
		}
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{':
				stack = append(stack, &scanFrame{object: true, wantKey: true, keys: map[string]bool{}, path: path})
			case '[':
				stack = append(stack, &scanFrame{path: path})
			default: // ']'
				stack = stack[:len(stack)-1]
				done = valueEnded(stack)
			}
			continue
		case string:
			if strings.IndexByte(t, 0) >= 0 {
				return errs.Field(orBody(path), "must not contain a NUL character")
			}
		}
		done = valueEnded(stack)
	}
}

// scanFrame is one open object or array.
type scanFrame struct {
	object  bool
	wantKey bool
	keys    map[string]bool
	key     string // the member whose value comes next
	index   int    // the array element that comes next
	path    string // "" for the document itself
}

func (f *scanFrame) childPath() string {
	if f.object {
		return join(f.path, f.key)
	}
	return f.path + "[" + strconv.Itoa(f.index) + "]"
}

// valueEnded moves the innermost open container past the value that just
// ended and reports whether that value was the whole document.
func valueEnded(stack []*scanFrame) bool {
	if len(stack) == 0 {
		return true
	}
	top := stack[len(stack)-1]
	if top.object {
		top.wantKey = true
	} else {
		top.index++
	}
	return false
}

// join names the member key of the object at path. An empty member name
// is written "" so that a problem with it still names a field.
func join(path, key string) string {
	if key == "" {
		key = `""`
	}
	if path == "" {
		return key
	}
	return path + "." + key
}

// orBody names the document itself "body" in field errors.
func orBody(path string) string {
	if path == "" {
		return "body"
	}
	return path
}
