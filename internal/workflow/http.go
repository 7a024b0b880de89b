package workflow

import (
	_ "embed"
	"net/http"
	"time"

	"github.com/vextrus/vextrus/internal/platform/httpx"
)

// Base is the prefix of the REST API; GraphQLPath serves the subgraph.
const (
	Base        = "/api/v1/workflow"
	GraphQLPath = "/graphql/workflow"
)

// Routes mounts the REST API and its OpenAPI document.
func (s *Service) Routes(mux *http.ServeMux) {
	routes := map[string]httpx.HandlerFunc{
		"GET " + Base + "/openapi.json":                 httpx.Document(OpenAPI),
		"POST " + Base + "/approvals":                   s.handleStart,
		"GET " + Base + "/approvals/{id}":               s.handleGet,
		"POST " + Base + "/approvals/{id}/approve":      s.handleDecide(UpdateApprove),
		"POST " + Base + "/approvals/{id}/reject":       s.handleDecide(UpdateReject),
		"POST " + Base + "/approvals/{id}/request-info": s.handleDecide(UpdateRequestInfo),
		"POST " + Base + "/approvals/{id}/respond":      s.handleDecide(UpdateRespond),
		"POST " + Base + "/approvals/{id}/withdraw":     s.handleDecide(UpdateWithdraw),
		"GET " + Base + "/inbox":                        s.handleInbox,
		"GET " + Base + "/delegations":                  s.handleDelegations,
		"POST " + Base + "/delegations":                 s.handleDelegate,
		"POST " + Base + "/delegations/{id}/revoke":     s.handleRevoke,
	}
	for pattern, h := range routes {
		mux.Handle(pattern, h)
	}
}

// OpenAPI is the REST API's OpenAPI 3.1 document, also committed as
// api/openapi/workflow.json for the gateway's merged document.
//
//go:embed openapi.json
var OpenAPI []byte

func (s *Service) handleStart(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Document documentIn `json:"document"`
	}
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	a, err := s.Start(r.Context(), in.Document.toDocument())
	if err != nil {
		return err
	}
	status := http.StatusOK
	if a.Started {
		status = http.StatusCreated
	}
	w.Header().Set("Location", Base+"/approvals/"+a.ID.String())
	httpx.WriteJSON(w, status, toApprovalJSON(a))
	return nil
}

func (s *Service) handleGet(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	a, err := s.Get(r.Context(), id)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, toApprovalJSON(a))
	return nil
}

func (s *Service) handleDecide(update string) httpx.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := httpx.PathID(r, "id")
		if err != nil {
			return err
		}
		var in struct {
			Comment string `json:"comment"`
		}
		if err := httpx.DecodeOptionalJSON(r, &in); err != nil {
			return err
		}
		a, err := s.Decide(r.Context(), id, update, in.Comment)
		if err != nil {
			return err
		}
		httpx.WriteJSON(w, http.StatusOK, toApprovalJSON(a))
		return nil
	}
}

func (s *Service) handleInbox(w http.ResponseWriter, r *http.Request) error {
	q := httpx.ReadQuery(r)
	limit, cursor := q.Limit(0, MaxPage), q.Cursor()
	if err := q.Err(); err != nil {
		return err
	}
	page, err := s.Inbox(r.Context(), limit, cursor)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, httpx.PageOf(page.Items, toTaskJSON, page.NextCursor))
	return nil
}

func (s *Service) handleDelegate(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		To     string     `json:"to"`
		Starts *time.Time `json:"starts"`
		Ends   time.Time  `json:"ends"`
	}
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	req := DelegateRequest{To: in.To, Ends: in.Ends}
	if in.Starts != nil {
		req.Starts = *in.Starts
	}
	d, err := s.Delegate(r.Context(), req)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusCreated, toDelegationJSON(d))
	return nil
}

func (s *Service) handleDelegations(w http.ResponseWriter, r *http.Request) error {
	list, err := s.Delegations(r.Context())
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, httpx.PageOf(list, toDelegationJSON, ""))
	return nil
}

func (s *Service) handleRevoke(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.RevokeDelegation(r.Context(), id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
