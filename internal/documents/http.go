package documents

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/httpx"
)

// Base is the prefix of the REST API (api/openapi/documents.json).
const Base = "/api/v1/documents"

// Routes mounts the REST API under /api/v1/documents/. The GraphQL
// subgraph is in package graph.
func (s *Service) Routes(mux *http.ServeMux) {
	routes := s.jobRoutes()
	routes["GET "+Base+"/openapi.json"] = httpx.Document(openapiDoc)
	for pattern, fn := range routes {
		mux.Handle(pattern, fn)
	}
}

// jobRoutes are the routes of document jobs.
func (s *Service) jobRoutes() map[string]httpx.HandlerFunc {
	const list, one = Base + "/jobs", Base + "/jobs/{id}"
	return map[string]httpx.HandlerFunc{
		"POST " + list:             s.handleRequest,
		"GET " + list:              s.handleJobs,
		"GET " + one:               s.handleJob,
		"GET " + one + "/download": s.handleDownload,
	}
}

// JobRequestJSON is the body of POST /jobs.
type JobRequestJSON struct {
	Kind   string          `json:"kind"`
	Params json.RawMessage `json:"params"`
}

// JobJSON is a job as REST answers it.
type JobJSON struct {
	ID          uuid.UUID       `json:"id"`
	Kind        string          `json:"kind"`
	Params      json.RawMessage `json:"params"`
	Status      string          `json:"status"`
	Progress    int             `json:"progress"`
	Step        string          `json:"step"`
	FileID      *uuid.UUID      `json:"fileId"`
	FileName    string          `json:"fileName"`
	Error       string          `json:"error"`
	RequestedBy string          `json:"requestedBy"`
	CreatedAt   time.Time       `json:"createdAt"`
	UpdatedAt   time.Time       `json:"updatedAt"`
	StartedAt   *time.Time      `json:"startedAt"`
	FinishedAt  *time.Time      `json:"finishedAt"`
}

// ToJobJSON converts j (the same fields; JobJSON adds the wire names).
func ToJobJSON(j Job) JobJSON { return JobJSON(j) }

// handleRequest answers POST /jobs with 202 and the queued job.
func (s *Service) handleRequest(w http.ResponseWriter, r *http.Request) error {
	var req JobRequestJSON
	if err := httpx.DecodeJSON(r, &req); err != nil {
		return err
	}
	j, err := s.RequestJob(r.Context(), req.Kind, req.Params)
	if err != nil {
		return err
	}
	w.Header().Set("Location", Base+"/jobs/"+j.ID.String())
	httpx.WriteJSON(w, http.StatusAccepted, ToJobJSON(j))
	return nil
}

func (s *Service) handleJob(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	j, err := s.Job(r.Context(), id)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, ToJobJSON(j))
	return nil
}

// handleJobs answers GET /jobs?kind=&status=&mine=&limit=&cursor=.
func (s *Service) handleJobs(w http.ResponseWriter, r *http.Request) error {
	q := httpx.ReadQuery(r)
	f := JobFilter{Limit: q.Limit(50, 200), Cursor: q.Cursor(), Kind: q.Enum("kind", "", Kinds...),
		Status: q.Enum("status", "", StatusQueued, StatusRunning, StatusSucceeded, StatusFailed)}
	mine := q.Bool("mine")
	if err := q.Err(); err != nil {
		return err
	}
	if mine != nil && *mine {
		f.RequestedBy = userOf(r.Context())
	}
	list, next, err := s.Jobs(r.Context(), f)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, httpx.PageOf(list, ToJobJSON, next))
	return nil
}

// handleDownload answers GET /jobs/{id}/download with 303 to a
// presigned link of the job's file.
func (s *Service) handleDownload(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	link, err := s.DownloadLink(r.Context(), id)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, link.URL, http.StatusSeeOther)
	return nil
}
