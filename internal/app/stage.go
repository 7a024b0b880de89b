package app

import (
	"net/http"
	"sync/atomic"

	"github.com/vextrus/vextrus/internal/platform/httpx"
)

// stage is a point in the server chains that a module fills in when it
// initialises: the chains are built by the server module, before the
// modules that own authentication or the gateway's edge policy exist. One
// stage may sit in several chains (the public and the internal listener's);
// install fills every one.
type stage struct {
	slots []*stageSlot
	// unset answers while nothing is installed; nil passes requests on.
	unset func(next http.Handler) http.Handler
}

// stageSlot is the stage's place in one chain.
type stageSlot struct {
	next http.Handler
	h    atomic.Pointer[http.Handler]
}

func (s *stage) middleware(next http.Handler) http.Handler {
	slot := &stageSlot{next: next}
	s.slots = append(s.slots, slot)
	fallback := next
	if s.unset != nil {
		fallback = s.unset(next)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if h := slot.h.Load(); h != nil {
			(*h).ServeHTTP(w, r)
			return
		}
		fallback.ServeHTTP(w, r)
	})
}

// install puts mws, the first outermost, in the stage of every chain.
func (s *stage) install(mws ...httpx.Middleware) {
	for _, slot := range s.slots {
		h := httpx.Chain(slot.next, mws...)
		slot.h.Store(&h)
	}
}
