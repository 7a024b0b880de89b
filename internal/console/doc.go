// Package console is the web console: the server-rendered screens an
// accountant, a site engineer and an approver use every day, in Bangla and
// English, at /console/ on the public listener.
//
// Pages are templ components rendered on the server; htmx (embedded, no
// Node at run time) makes links and forms partial, and every page still
// works with a plain form post. The console has no data access and no
// permission logic of its own: it calls the services' REST APIs through
// the platform service clients with the signed-in user's access token,
// and hides only what the user's permissions (as auth reports them) do
// not allow. What a service refuses, it shows.
//
// A browser session is a random id in an HttpOnly cookie; the server-side
// record (Store) holds the user's access and refresh tokens, a CSRF token
// and the chosen language. See docs/console.md.
package console
