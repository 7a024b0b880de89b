package orders

import (
	"encoding/base64"
	"strings"

	"github.com/vextrus/vextrus/internal/platform/errs"
)

// cursorOf writes where a list resumes (the sort key of its last item)
// as an opaque cursor: the parts joined by newlines, base64url. The lists
// of locations, stock levels and movements use it.
func cursorOf(parts ...string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(strings.Join(parts, "\n")))
}

// cursorParts reads a cursor of n parts that cursorOf wrote; "" gives
// nil. Returns INVALID_ARGUMENT naming cursor.
func cursorParts(s string, n int) ([]string, error) {
	if s == "" {
		return nil, nil
	}
	raw, err := base64.RawURLEncoding.DecodeString(s)
	parts := strings.Split(string(raw), "\n")
	if err != nil || len(parts) != n {
		return nil, errs.Field("cursor", "is not a cursor this API returned")
	}
	return parts, nil
}
