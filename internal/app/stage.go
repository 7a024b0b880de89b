package app

import (
	"net/http"
	"sync/atomic"

	"github.com/vextrus/vextrus/internal/platform/httpx"
)

// stage is a point in the server chain that a module fills in when it
// initialises: the chain is built by the server module, before the modules
// that own authentication or the gateway's edge policy exist.
type stage struct {
	next http.Handler
	h    atomic.Pointer[http.Handler]
	// unset answers while nothing is installed; nil passes requests on.
	unset func(next http.Handler) http.Handler
}

func (s *stage) middleware(next http.Handler) http.Handler {
	s.next = next
	fallback := next
	if s.unset != nil {
		fallback = s.unset(next)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if h := s.h.Load(); h != nil {
			(*h).ServeHTTP(w, r)
			return
		}
		fallback.ServeHTTP(w, r)
	})
}

// install puts mws, the first outermost, in the stage.
func (s *stage) install(mws ...httpx.Middleware) {
	h := httpx.Chain(s.next, mws...)
	s.h.Store(&h)
}
