package console

// The pages are templ components (*.templ); `go tool templ generate`
// writes their Go (*_templ.go, committed). htmx's prebuilt bundle (npm
// htmx.org, pinned in web/console's package-lock.json; run `npm ci` there
// once) is copied into assets/htmx with its license. CI regenerates both
// and fails when a committed file is stale.
//go:generate go tool templ generate -path .
//go:generate sh -c "cd ../../web/console && node vendor.mjs ../../internal/console/assets/htmx"
