package gateway

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"

	"github.com/wundergraph/astjson"
	"github.com/wundergraph/graphql-go-tools/v2/pkg/ast"
	"github.com/wundergraph/graphql-go-tools/v2/pkg/astparser"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"

	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/requestid"
)

// gqlRequest is a GraphQL-over-HTTP request body.
type gqlRequest struct {
	Query         string          `json:"query"`
	OperationName string          `json:"operationName"`
	Variables     json.RawMessage `json:"variables"`
	Extensions    struct {
		PersistedQuery *persistedQuery `json:"persistedQuery"`
	} `json:"extensions"`
}

// publicMutations may run without a credential: they are how one gets one
// (auth's subgraph; accepting an invitation and resetting a password are
// REST). Nothing else may share their document.
var publicMutations = map[string]bool{"login": true, "refresh": true}

// serveGraphQL runs one operation through the edge policy and the engine.
func (g *Gateway) serveGraphQL(w http.ResponseWriter, r *http.Request) {
	req, err := g.decode(w, r)
	if err != nil {
		writeErrors(w, r, err)
		return
	}
	if err := g.run(w, r, req); err != nil {
		writeErrors(w, r, err)
	}
}

// decode reads the body within gateway.max_body_bytes.
func (g *Gateway) decode(w http.ResponseWriter, r *http.Request) (*gqlRequest, error) {
	limit := g.cfg.MaxBodyBytes
	tooBig := errs.Field("body", "request body exceeds the limit of %d bytes (gateway.max_body_bytes)", limit)
	tooBig.Message = tooBig.Fields[0].Message
	tooBig.WithStatus(http.StatusRequestEntityTooLarge)
	if r.ContentLength > limit {
		return nil, tooBig
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return nil, tooBig
	}
	if err != nil {
		return nil, errs.Wrap(errs.InvalidArgument, err, "cannot read the request body")
	}
	req := &gqlRequest{}
	if err := json.Unmarshal(body, req); err != nil {
		return nil, errs.Field("body", "is not a GraphQL request: %s", err.Error())
	}
	return req, nil
}

func (g *Gateway) run(w http.ResponseWriter, r *http.Request, req *gqlRequest) error {
	query, err := g.persisted.resolve(req.Query, req.Extensions.PersistedQuery)
	if err != nil {
		return err
	}
	if query == "" {
		return errs.Field("query", "is required")
	}
	vars := []byte("{}")
	if len(req.Variables) > 0 && !bytes.Equal(req.Variables, []byte("null")) {
		vars = req.Variables
	}
	// A request seen before skips every step that depends only on its
	// text (operations.go); who may run it is checked every time.
	key := operationKey{query: query, name: req.OperationName, vars: vars}
	p, seen := g.operations.get(key)
	if !seen {
		if err := g.limits.checkNesting(query); err != nil {
			return err
		}
		if p, err = parseOperation(query, req.OperationName, vars); err != nil {
			return err
		}
	}
	if r.Method == http.MethodGet && p.operation != ast.OperationTypeQuery {
		return errs.E(errs.InvalidArgument, "only queries may be sent with GET; use POST")
	}
	if err := g.admit(r.Context(), p); err != nil {
		return err
	}
	if !seen {
		if err := g.limits.check(p.shape); err != nil {
			return err
		}
		if err := g.exec.prepare(p, req.OperationName); err != nil {
			return err
		}
		if p.plan, err = g.exec.plan(p, req.OperationName); err != nil {
			return err
		}
		g.operations.add(key, p)
	}
	ctx, cancel := context.WithTimeout(r.Context(), g.cfg.Timeout)
	defer cancel()
	reqID := requestid.From(ctx)
	carrier := propagation.HeaderCarrier{}
	otel.GetTextMapPropagator().Inject(ctx, carrier)
	headers := newSubgraphHeaders(r, reqID, carrier.Get("traceparent"))
	var buf bytes.Buffer
	err = g.exec.execute(ctx, p, headers, &buf)
	if ctx.Err() == context.DeadlineExceeded && r.Context().Err() == nil {
		return errs.E(errs.Unavailable, "execution exceeded the timeout of %s (gateway.timeout)", g.cfg.Timeout)
	}
	if err != nil {
		return err
	}
	out := normalizeErrors(buf.Bytes(), reqID)
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(out)))
	_, _ = w.Write(out)
	return nil
}

// parseOperation parses query, checks vars is a JSON object, picks the
// operation to run and measures it (analyse). Returns INVALID_ARGUMENT for
// a syntax error, bad variables, an operation name that picks none, or a
// fragment that is undefined or spreads itself.
func parseOperation(query, name string, vars []byte) (*prepared, error) {
	p := &prepared{}
	if err := p.parse(query); err != nil {
		return nil, err
	}
	// astjson accepts what RFC 8259 does not (a leading '+'), which the
	// variables validator later cannot read: the strict check comes first.
	if !json.Valid(vars) {
		return nil, errs.Field("variables", "must be a JSON object")
	}
	varsValue, err := astjson.ParseBytes(vars)
	if err != nil || varsValue.Type() != astjson.TypeObject {
		return nil, errs.Field("variables", "must be a JSON object")
	}
	p.varsValue = varsValue
	p.doc.Input.Variables = vars
	if p.op, err = operation(&p.doc, name); err != nil {
		return nil, err
	}
	def := p.doc.OperationDefinitions[p.op]
	p.operation = def.OperationType
	p.operations = len(p.doc.OperationDefinitions)
	if p.shape, err = analyse(&p.doc, p.op, varsValue); err != nil {
		return nil, err
	}
	return p, nil
}

// parse parses query into p.doc. Returns INVALID_ARGUMENT on a syntax error.
func (p *prepared) parse(query string) error {
	doc, report := astparser.ParseGraphqlDocumentString(query)
	if report.HasErrors() {
		return reportErr(report)
	}
	p.doc = doc
	return nil
}

// operation picks the operation to run, as the spec says: the named one,
// or the only one.
func operation(doc *ast.Document, name string) (int, error) {
	found := -1
	for i := range doc.OperationDefinitions {
		if name == "" || doc.OperationDefinitionNameString(i) == name {
			if found >= 0 {
				return 0, errs.Field("operationName", "is required when the document has several operations")
			}
			found = i
		}
	}
	if found < 0 {
		return 0, errs.Field("operationName", "names no operation in the document")
	}
	return found, nil
}

// admit applies who may run what: without a credential, a document of
// one mutation whose every top-level field, through any fragment, is a
// login-family mutation; introspection only when enabled.
func (g *Gateway) admit(ctx context.Context, p *prepared) error {
	roots := p.shape.roots
	if _, ok := authz.From(ctx); !ok {
		public := p.operation == ast.OperationTypeMutation && p.operations == 1 && len(roots) > 0
		for _, f := range roots {
			public = public && publicMutations[f]
		}
		if !public {
			return errs.E(errs.Unauthenticated, "authentication required")
		}
	}
	if !g.cfg.Introspection {
		for _, f := range roots {
			if introspection[f] {
				return errs.E(errs.PermissionDenied, "introspection is disabled (gateway.introspection)")
			}
		}
	}
	return nil
}

func itoa(i int) string { return strconv.Itoa(i) }
