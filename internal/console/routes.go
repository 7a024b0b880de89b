package console

import "net/http"

// routes mounts every screen. A screen is a few lines here and its own
// file (page_*.go with its page_*.templ).
func (c *Console) routes() {
	m := c.mux
	m.HandleFunc("GET "+Prefix+"/assets/{name...}", c.serveAsset)
	m.Handle("GET "+Prefix+"/sign-in", c.public(c.signInForm))
	m.Handle("POST "+Prefix+"/sign-in", c.public(c.signIn))
	m.Handle("POST "+Prefix+"/sign-out", c.page(c.signOut))
	m.Handle("POST "+Prefix+"/lang", c.page(c.setLang))
	m.Handle("GET "+Prefix+"/{$}", c.page(c.home))
	m.Handle(Prefix+"/", c.page(func(http.ResponseWriter, *http.Request) error { return errNoPage }))
	c.approvalRoutes()
	c.masterdataRoutes()
	c.purchaseRoutes()
	c.financeRoutes()
	c.paymentRoutes()
	c.reportRoutes()
	c.auditRoutes()
	c.adminRoutes()

}
