package console

import (
	"fmt"
	"net/http"
)

// Lang is a language the console speaks: English or Bangla.
type Lang string

// The languages; English is the default.
const (
	English Lang = "en"
	Bangla  Lang = "bn"
)

// catalogues holds every string of the console by language and key: one
// file per language (messages_en.go, messages_bn.go), the same keys in
// each (a test checks), so no screen text is a literal in a template.
var catalogues = map[Lang]map[string]string{English: english, Bangla: bangla}

// ParseLang returns the language s names, English when none.
func ParseLang(s string) Lang {
	if s == string(Bangla) {
		return Bangla
	}
	return English
}

// T returns the message key in l, formatted with args (fmt verbs). A key
// missing in l falls back to English, then to the key itself, so a gap
// shows and never panics.
func (l Lang) T(key string, args ...any) string {
	msg, ok := catalogues[l][key]
	if !ok {
		if msg, ok = english[key]; !ok {
			msg = key
		}
	}
	if len(args) > 0 {
		return fmt.Sprintf(msg, args...)
	}
	return msg
}

// Keys returns every key of l's catalogue, for the tests that compare
// catalogues with each other and with the templates.
func Keys(l Lang) []string {
	out := make([]string, 0, len(catalogues[l]))
	for k := range catalogues[l] {
		out = append(out, k)
	}
	return out
}

const langCookie = "vextrus_lang"

// requestLang is the language of a request without a session: the
// language cookie, else Accept-Language's first choice when Bangla.
func requestLang(r *http.Request) Lang {
	if c, err := r.Cookie(langCookie); err == nil {
		return ParseLang(c.Value)
	}
	if al := r.Header.Get("Accept-Language"); len(al) >= 2 && al[:2] == "bn" {
		return Bangla
	}
	return English
}
