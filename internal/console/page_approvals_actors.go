package console

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/vextrus/vextrus/internal/auth"
	"github.com/vextrus/vextrus/internal/platform/authz"
)

// historyEntry is one entry of an approval's history as workflow
// answers it: actor (and onBehalfOf, a delegator) are user ids.
type historyEntry struct {
	At         time.Time `json:"at"`
	Type       string    `json:"type"`
	Level      int       `json:"level"`
	Actor      string    `json:"actor"`
	OnBehalfOf string    `json:"onBehalfOf"`
	Comment    string    `json:"comment"`
}

// approvalView is an approval with the names of the people in its
// history, and the form of its last post.
type approvalView struct {
	A     approvalJSON
	Names map[string]string
	Form  *Form
}

// Name is the display name of actor id ("" for none).
func (v approvalView) Name(id string) string {
	if n, ok := v.Names[id]; ok {
		return n
	}
	return id
}

// The open statuses of an approval, as workflow names them.
const (
	statusPending       = "pending"
	statusInfoRequested = "info_requested"
)

// mine reports whether the signed-in user submitted the document.
func (v approvalView) mine(ctx context.Context) bool {
	s := sessionOf(ctx)
	return s != nil && s.UserID == v.A.Submitter
}

// question is the request for information the level waits on: the last
// one in the history, nil when there is none.
func (v approvalView) question() *historyEntry {
	for i := len(v.A.History) - 1; i >= 0; i-- {
		if v.A.History[i].Type == "info_requested" {
			return &v.A.History[i]
		}
	}
	return nil
}

// answerForm is the submitter's answer form: the last post's values and
// errors, posting to respond.
func (v approvalView) answerForm() *Form {
	f := *v.Form
	f.Action = Href("approvals", v.A.ID, respondPath)
	return &f
}

// maxActorLookups bounds the user look-ups one page makes at once.
const maxActorLookups = 4

// actorNames names the actors of an approval's history through auth's
// user API, as the signed-in user: the user's own name from the session,
// a platform service by its name, everyone else as auth answers. Auth
// shows users to holders of auth.user.read only; for anyone else, and for
// an id auth does not know, the name is "a user" with the id's first
// characters, so two people stay apart without the console reading what
// the user may not.
func (c *Console) actorNames(r *http.Request, a approvalJSON) map[string]string {
	s, ctx := sessionOf(r.Context()), r.Context()
	names := map[string]string{}
	var ask []string
	add := func(id string) {
		if _, seen := names[id]; id == "" || seen {
			return
		}
		switch svc, isService := strings.CutPrefix(id, authz.ServiceSubjectPrefix); {
		case isService:
			names[id] = T(ctx, "actor.service", svc)
		case s != nil && id == s.UserID && s.Name != "":
			names[id] = s.Name
		default:
			names[id] = T(ctx, "actor.someone", shortID(id))
			ask = append(ask, id)
		}
	}
	add(a.Submitter)
	for _, h := range a.History {
		add(h.Actor)
		add(h.OnBehalfOf)
	}
	if len(ask) == 0 || !s.Can(auth.PermUserRead) {
		return names
	}
	// Refresh the token, if due, before the look-ups share the session.
	if _, err := c.accessToken(ctx, s); err != nil {
		return names
	}
	var mu sync.Mutex
	var wg sync.WaitGroup
	slots := make(chan struct{}, maxActorLookups)
	for _, id := range ask {
		wg.Go(func() {
			slots <- struct{}{}
			defer func() { <-slots }()
			var u struct {
				Name   string `json:"name"`
				NameBn string `json:"nameBn"`
			}
			if err := c.API(r, c.svc.Auth, http.MethodGet, "/api/v1/auth/users/"+url.PathEscape(id), nil, &u); err != nil || u.Name == "" {
				return
			}
			name := u.Name
			if viewOf(ctx).Lang == Bangla && u.NameBn != "" {
				name = u.NameBn
			}
			mu.Lock()
			names[id] = name
			mu.Unlock()
		})
	}
	wg.Wait()
	return names
}

// shortID is the first eight characters of an id.
func shortID(id string) string {
	if len(id) > 8 {
		return id[:8]
	}
	return id
}
