package console

import (
	"context"
	"strings"
	"time"

	"github.com/vextrus/vextrus/internal/platform/bd"
	"github.com/vextrus/vextrus/internal/platform/money"
)

// View is what every template may know of the request: the language, the
// session (nil when signed out) and its CSRF token, the tenant's time
// zone and the current path. Handlers never pass it by hand: render puts
// it in the context and templates read it with the functions below.
type View struct {
	Lang    Lang
	Session *Session
	Path    string
	Zone    *time.Location
	assets  assetSet
}

type viewKey struct{}

func withView(ctx context.Context, v *View) context.Context {
	return context.WithValue(ctx, viewKey{}, v)
}

// viewOf returns the request's View; a context without one (a component
// rendered in a test) gets English and no session.
func viewOf(ctx context.Context) *View {
	if v, ok := ctx.Value(viewKey{}).(*View); ok {
		return v
	}
	return &View{Lang: English, Zone: bd.Dhaka()}
}

// T is the message key in the request's language (see Lang.T).
func T(ctx context.Context, key string, args ...any) string { return viewOf(ctx).Lang.T(key, args...) }

// Can reports whether the signed-in user holds perm: what a screen offers.
func Can(ctx context.Context, perm string) bool { return viewOf(ctx).Session.Can(perm) }

// CSRFToken is the session's synchronizer token ("" when signed out).
func CSRFToken(ctx context.Context) string {
	if s := viewOf(ctx).Session; s != nil {
		return s.CSRF
	}
	return ""
}

// Digits writes s's ASCII digits as Bangla digits in Bangla.
func Digits(ctx context.Context, s string) string {
	if viewOf(ctx).Lang == Bangla {
		return bd.ToBengaliDigits(s)
	}
	return s
}

// Amount formats a decimal amount ("125000.00") in lakh/crore grouping,
// in Bangla digits in Bangla: 1,25,000.00 or ১,২৫,০০০.০০. A value that
// is not a decimal is shown as it came.
func Amount(ctx context.Context, decimal, currency string) string {
	cur, err := money.ParseCurrency(currency)
	if err != nil {
		cur = money.BDT
	}
	a, err := money.Parse(decimal, cur)
	if err != nil {
		return decimal
	}
	if viewOf(ctx).Lang == Bangla {
		return money.FormatLakh(a, money.WithBengaliDigits())
	}
	return money.FormatLakh(a)
}

// Date formats t as a day in the tenant's time zone (2026-12-05, or in
// Bangla digits).
func Date(ctx context.Context, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return Digits(ctx, t.In(viewOf(ctx).Zone).Format(time.DateOnly))
}

// DateTime formats t to the minute in the tenant's time zone.
func DateTime(ctx context.Context, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return Digits(ctx, t.In(viewOf(ctx).Zone).Format("2006-01-02 15:04"))
}

// Asset is the versioned address of a static file (see assets.go).
func Asset(ctx context.Context, name string) string {
	if a := viewOf(ctx).assets; a != nil {
		return a.url(name)
	}
	return Prefix + "/assets/" + name
}

// Href is a console address: Href(ctx, "vendors", id) is /console/vendors/<id>.
func Href(parts ...string) string { return Prefix + "/" + strings.Join(parts, "/") }
