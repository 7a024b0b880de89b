package workflow_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"

	"github.com/vextrus/vextrus/internal/platform/apitest"
	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/db/dbtest"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/temporalx"
	"github.com/vextrus/vextrus/internal/platform/temporalx/devserver"
	"github.com/vextrus/vextrus/internal/platform/temporalx/temporaltest"
	"github.com/vextrus/vextrus/internal/platform/tenant"
	"github.com/vextrus/vextrus/internal/workflow"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

const taskQueue = "vextrus-workflows-test"

// system is the workflow service on a real PostgreSQL and an embedded
// Temporal server, reached through its REST API.
type system struct {
	t         *testing.T
	db        *dbtest.DB
	srv       *devserver.Server
	temporal  client.Client
	acts      *workflow.Activities
	worker    worker.Worker
	http      *httptest.Server
	callbacks *calls
	dir       directory
	svc       *workflow.Service
}

// calls records what the owning service's callback received.
type calls struct {
	mu  sync.Mutex
	got []workflow.Outcome
}

func (c *calls) ApprovalCompleted(_ context.Context, o workflow.Outcome) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.got = append(c.got, o)
	return nil
}

func (c *calls) list() []workflow.Outcome {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]workflow.Outcome(nil), c.got...)
}

// fixedChains is the rules engine's answer for the test's invoices: the
// same levels as threeLevels, built by the production BuildChain. It
// refuses a document of the department unchained, as the rules service
// does when no chain takes a document.
type fixedChains struct{}

const unchained = "UNCHAINED"

func (fixedChains) Chain(_ context.Context, doc workflow.Document) (workflow.Chain, error) {
	if doc.Department == unchained {
		return workflow.Chain{}, errs.E(errs.FailedPrecondition, "no approval chain approval.chain.invoice is published")
	}
	return workflow.BuildChain(workflow.ConfigFor(doc.Type), 3, []workflow.RuleLevel{
		{Role: "accounts_payable", Mode: "any", SLAHours: 24},
		{Role: workflow.DepartmentHead, Mode: "any", SLAHours: 24},
		{Mode: "all", SLAHours: 48, Users: []string{director1, director2}},
	}, doc)
}

// directory knows that head heads OPS, and each test user's roles, less
// those of the users in revoked (active, but with no role left).
type directory struct{ revoked *sync.Map }

func (d directory) Roles(_ context.Context, id string) ([]string, bool, error) {
	if d.revoked != nil {
		if _, gone := d.revoked.Load(id); gone {
			return nil, true, nil
		}
	}
	for _, u := range []user{aSubmitter, aClerk, aHead, aDirector1, aDirector2, aOutsider, bClerk, bSubmitter} {
		if u.id == id {
			return strings.Split(u.roles, ","), true, nil
		}
	}
	return nil, false, nil
}

func (directory) Memberships(_ context.Context, user string) ([]workflow.Membership, error) {
	if user == head {
		return []workflow.Membership{{ID: "0190f5c6-0000-7000-8000-0000000000d1", Name: "OPS", Head: true}}, nil
	}
	return nil, nil
}

func (directory) Holders(_ context.Context, a workflow.Approvers) ([]string, error) {
	return a.Users, nil
}

func newSystem(t *testing.T) *system {
	t.Helper()
	return newObservedSystem(t, temporalx.Telemetry{}, nil)
}

// newObservedSystem is newSystem whose workflow client reports through
// tel and whose API is wrapped in mw (when not nil), outside asUser.
func newObservedSystem(t *testing.T, tel temporalx.Telemetry, mw func(http.Handler) http.Handler) *system {
	t.Helper()
	s := &system{t: t, db: dbtest.New(t, db.PlatformSchema, workflow.Schema), srv: temporaltest.Start(t), callbacks: &calls{},
		dir: directory{revoked: &sync.Map{}}}
	ctx := context.Background()
	c, err := workflow.NewClient(ctx, temporaltest.Client(t, s.srv), s.srv.Namespace(), quiet, tel)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	s.temporal = c
	outbox, err := events.NewOutbox(workflow.Name)
	if err != nil {
		t.Fatal(err)
	}
	cbs := workflow.NewCallbacks()
	cbs.Register("finance", s.callbacks)
	s.acts = workflow.NewActivities(workflow.ActivityDeps{DB: s.db.App, Events: outbox, Callbacks: cbs})
	s.startWorker()
	svc, err := workflow.New(workflow.Deps{DB: s.db.App, Temporal: c, TaskQueue: taskQueue, Chains: fixedChains{}, Directory: s.dir})
	if err != nil {
		t.Fatal(err)
	}
	s.svc = svc
	mux := http.NewServeMux()
	svc.Routes(mux)
	h := asUser(mux)
	if mw != nil {
		h = mw(h)
	}
	s.http = httptest.NewServer(h)
	t.Cleanup(s.http.Close)
	return s
}

func (s *system) startWorker() {
	s.t.Helper()
	s.worker = workflow.NewWorker(s.temporal, taskQueue, s.acts)
	if err := s.worker.Start(); err != nil {
		s.t.Fatalf("start worker: %v", err)
	}
	w := s.worker
	s.t.Cleanup(w.Stop)
}

// asUser stands in for the authn middleware: X-Test-User carries
// "<tenant>/<user>/<role,role>" and the principal gets every workflow
// permission, so that only the workflow's own checks decide.
func asUser(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		parts := strings.SplitN(r.Header.Get("X-Test-User"), "/", 3)
		if len(parts) == 3 {
			p := &authz.Principal{UserID: parts[1], Tenant: tenant.MustParse(parts[0]), Permissions: map[string]bool{}}
			// service:<name> stands for a service credential's principal.
			if name, ok := strings.CutPrefix(parts[1], authz.ServiceSubjectPrefix); ok {
				p.Service = name
			}
			if parts[2] != "" {
				p.Roles = strings.Split(parts[2], ",")
			}
			for _, perm := range workflow.Permissions {
				p.Permissions[perm.Name] = true
			}
			r = r.WithContext(authz.With(r.Context(), p))
		}
		next.ServeHTTP(w, r)
	})
}

// quiet keeps the SDK's debug lines out of the test output.
var quiet = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))

type user struct{ tenant, id, roles string }

var (
	aSubmitter = user{tenantA, submitter, "accountant"}
	aClerk     = user{tenantA, clerk, "accounts_payable"}
	aHead      = user{tenantA, head, "approver"}
	aDirector1 = user{tenantA, director1, "approver"}
	aDirector2 = user{tenantA, director2, "approver"}
	aOutsider  = user{tenantA, outsider, "viewer,approver"}
	bClerk     = user{tenantB, "0190f5c6-0000-7000-8000-0000000000b2", "accounts_payable"}
	bSubmitter = user{tenantB, "0190f5c6-0000-7000-8000-0000000000b1", "accountant"}
)

// call sends a JSON request as u to s.http and decodes the answer into
// out.
func (s *system) call(u user, method, path string, body any, out any) int {
	s.t.Helper()
	r := apitest.New(s.t, s.http.URL, s.http.Client()).Do(method, workflow.Base+path, body, "X-Test-User", u.tenant+"/"+u.id+"/"+u.roles)
	if out != nil {
		r.Decode(s.t, out)
	}
	return r.Status
}

type approvalAnswer struct {
	ID         string `json:"id"`
	WorkflowID string `json:"workflowId"`
	Status     string `json:"status"`
	Level      int    `json:"level"`
	Code       string `json:"code"`
	History    []struct {
		Type  string `json:"type"`
		Level int    `json:"level"`
	} `json:"history"`
}

func invoiceBody(id string) map[string]any {
	return map[string]any{"document": map[string]any{"service": "finance", "type": "invoice", "id": id,
		"amount": map[string]string{"amount": "750000.00", "currency": "BDT"}, "department": "OPS", "summary": "Cement, 500 bags"}}
}

func (s *system) start(u user, docID string) approvalAnswer {
	s.t.Helper()
	var a approvalAnswer
	if code := s.call(u, http.MethodPost, "/approvals", invoiceBody(docID), &a); code != http.StatusCreated && code != http.StatusOK {
		s.t.Fatalf("start: status %d %+v", code, a)
	}
	return a
}

// inbox lists the approval ids in u's inbox.
func (s *system) inbox(u user) []string {
	s.t.Helper()
	var page struct {
		Items []struct {
			ApprovalID string `json:"approvalId"`
		} `json:"items"`
	}
	if code := s.call(u, http.MethodGet, "/inbox", nil, &page); code != http.StatusOK {
		s.t.Fatalf("inbox: status %d", code)
	}
	out := make([]string, len(page.Items))
	for i, it := range page.Items {
		out[i] = it.ApprovalID
	}
	return out
}

// waitLimit bounds how long a test waits for the workflow to get somewhere.
const waitLimit = 20 * time.Second
