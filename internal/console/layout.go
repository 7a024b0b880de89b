package console

import (
	"context"
	"encoding/json"
	"strings"
)

// htmxConfig: every answer is swapped (errors are pages too, and a 422
// is a form with its errors), nothing goes to the history cache in
// localStorage (pages hold user data; back refetches), no eval, no
// injected styles (the CSP allows none).
const htmxConfig = `{"historyCacheSize":0,"refreshOnHistoryMiss":true,"allowEval":false,"includeIndicatorStyles":false,` +
	`"responseHandling":[{"code":"204","swap":false},{"code":"...","swap":true}]}`

// csrfHeaders is the hx-headers value: htmx sends the session's token
// with every request it makes, so buttons outside forms are covered too.
func csrfHeaders(ctx context.Context) string {
	b, _ := json.Marshal(map[string]string{csrfHeader: CSRFToken(ctx)})
	return string(b)
}

// navCurrent reports whether the nav entry at path is the current page's
// section.
func navCurrent(ctx context.Context, path string) bool {
	cur := strings.TrimPrefix(viewOf(ctx).Path, Prefix+"/")
	if path == "" {
		return cur == ""
	}
	return cur == path || strings.HasPrefix(cur, path+"/")
}
