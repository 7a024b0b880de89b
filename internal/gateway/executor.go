package gateway

import (
	"context"
	"fmt"
	"io"

	"github.com/cespare/xxhash/v2"
	lru "github.com/hashicorp/golang-lru/v2"
	"github.com/wundergraph/astjson"
	"github.com/wundergraph/graphql-go-tools/v2/pkg/ast"
	"github.com/wundergraph/graphql-go-tools/v2/pkg/astnormalization"
	"github.com/wundergraph/graphql-go-tools/v2/pkg/astprinter"
	"github.com/wundergraph/graphql-go-tools/v2/pkg/astvalidation"
	"github.com/wundergraph/graphql-go-tools/v2/pkg/engine/plan"
	"github.com/wundergraph/graphql-go-tools/v2/pkg/engine/postprocess"
	"github.com/wundergraph/graphql-go-tools/v2/pkg/engine/resolve"
	"github.com/wundergraph/graphql-go-tools/v2/pkg/operationreport"
	"github.com/wundergraph/graphql-go-tools/v2/pkg/variablesvalidation"

	"github.com/vextrus/vextrus/internal/platform/errs"
)

// executor runs operations against the supergraph: normalise, validate,
// plan (cached by the normalised operation), resolve. It drives the
// engine's resolver directly rather than through the execution package's
// engine, so that every resolve.Context carries the operation hash, the
// variables hash and the header builder: the engine keys its de-duplication
// of concurrent identical requests on exactly these, and left at zero two
// different callers' operations would share one response.
type executor struct {
	sg       *supergraph
	resolver *resolve.Resolver
	plans    *lru.Cache[uint64, *resolve.GraphQLResponse]
}

func newExecutor(ctx context.Context, sg *supergraph, maxConcurrency int) (*executor, error) {
	plans, err := lru.New[uint64, *resolve.GraphQLResponse](1024)
	if err != nil {
		return nil, err
	}
	r := resolve.New(ctx, resolve.ResolverOptions{
		MaxConcurrency:                         maxConcurrency,
		PropagateSubgraphErrors:                true,
		PropagateSubgraphStatusCodes:           true,
		SubgraphErrorPropagationMode:           resolve.SubgraphErrorPropagationModePassThrough,
		RewriteSubgraphErrorPaths:              true,
		AllowedErrorExtensionFields:            []string{"code", "requestId", "fields", "retryAfterSeconds"},
		AttachServiceNameToErrorExtensions:     true,
		SetDeduplicationShardCountToGOMAXPROCS: true,
	})
	return &executor{sg: sg, resolver: r, plans: plans}, nil
}

// prepared is an operation on its way to the resolver: parsed and
// measured (doc, op, operation, shape), then normalised and validated (vars, remap, planKey),
// then planned (plan). Once planned it is only read, and is shared by every
// request with the same text (operations.go).
type prepared struct {
	doc       ast.Document
	varsValue *astjson.Value // the request's variables, while limits are checked
	// op is the index of the operation to run in doc; operation is its
	// type and shape what it asks for.
	op        int
	operation ast.OperationType
	shape     *shape
	// operations is how many operations doc holds.
	operations int
	vars       []byte
	varsHash   uint64
	remap      map[string]string
	planKey    uint64
	plan       *resolve.GraphQLResponse
}

// prepare normalises and validates doc (already parsed, limits checked)
// against the supergraph. Returns INVALID_ARGUMENT with the engine's
// message for an invalid operation or variables.
func (e *executor) prepare(p *prepared, opName string) error {
	def := &e.sg.schema
	var report operationreport.Report
	opts := []astnormalization.Option{astnormalization.WithRemoveFragmentDefinitions(), astnormalization.WithRemoveUnusedVariables(),
		astnormalization.WithInlineFragmentSpreads()}
	if opName != "" {
		opts = append(opts, astnormalization.WithRemoveNotMatchingOperationDefinitions())
		astnormalization.NewWithOpts(opts...).NormalizeNamedOperation(&p.doc, def, []byte(opName), &report)
	} else {
		astnormalization.NewWithOpts(opts...).NormalizeOperation(&p.doc, def, &report)
	}
	if report.HasErrors() {
		return reportErr(report)
	}
	astvalidation.DefaultOperationValidator().Validate(&p.doc, def, &report)
	if report.HasErrors() {
		return reportErr(report)
	}
	astnormalization.NewWithOpts(astnormalization.WithExtractVariables()).NormalizeOperation(&p.doc, def, &report)
	if report.HasErrors() {
		return reportErr(report)
	}
	p.remap = astnormalization.NewVariablesMapper().NormalizeOperation(&p.doc, def, &report)
	if report.HasErrors() {
		return reportErr(report)
	}
	p.vars = p.doc.Input.Variables
	v := variablesvalidation.NewVariablesValidator(variablesvalidation.VariablesValidatorOptions{})
	if err := v.ValidateWithRemap(&p.doc, def, p.vars, p.remap); err != nil {
		return errs.E(errs.InvalidArgument, "%s", err.Error())
	}
	h := xxhash.New()
	if err := astprinter.Print(&p.doc, h); err != nil {
		return fmt.Errorf("print operation: %w", err)
	}
	_, _ = io.WriteString(h, opName)
	p.planKey = h.Sum64()
	p.varsHash = xxhash.Sum64(p.vars)
	return nil
}

// plan returns the cached plan of p, planning it on a miss.
func (e *executor) plan(p *prepared, opName string) (*resolve.GraphQLResponse, error) {
	if r, ok := e.plans.Get(p.planKey); ok {
		return r, nil
	}
	planner, err := plan.NewPlanner(e.sg.plan)
	if err != nil {
		return nil, fmt.Errorf("new planner: %w", err)
	}
	var report operationreport.Report
	pl := planner.Plan(&p.doc, &e.sg.schema, opName, &report)
	if report.HasErrors() {
		return nil, reportErr(report)
	}
	postprocess.NewProcessor().Process(pl)
	sync, ok := pl.(*plan.SynchronousResponsePlan)
	if !ok {
		return nil, errs.E(errs.InvalidArgument, "only queries and mutations are served over HTTP")
	}
	e.plans.Add(p.planKey, sync.Response)
	return sync.Response, nil
}

// execute resolves planned p and writes the GraphQL response to w.
func (e *executor) execute(ctx context.Context, p *prepared, headers *subgraphHeaders, w io.Writer) error {
	rc := resolve.NewContext(ctx)
	if len(p.vars) > 0 {
		var err error
		if rc.Variables, err = astjson.ParseBytes(p.vars); err != nil {
			return errs.Wrap(errs.InvalidArgument, err, "variables are not a JSON object")
		}
	}
	rc.RemapVariables = p.remap
	rc.VariablesHash = p.varsHash
	rc.Request = resolve.Request{ID: p.planKey}
	rc.SubgraphHeadersBuilder = headers
	// The arena variant resolves into memory the resolver pools and
	// reuses (sized per operation), where the plain one allocates the
	// subgraph answers, their merge and the response afresh every time.
	// It would also merge concurrent identical requests of one caller into
	// one; that stays off, so every request is resolved on its own as
	// before (subgraph fetches are still de-duplicated, keyed as above).
	rc.ExecutionOptions.DisableInboundRequestDeduplication = true
	_, err := e.resolver.ArenaResolveGraphQLResponse(rc, p.plan, w)
	return err
}

// reportErr turns an engine report into INVALID_ARGUMENT (external errors,
// the client's fault) or an internal error.
func reportErr(r operationreport.Report) error {
	if len(r.ExternalErrors) > 0 {
		return errs.E(errs.InvalidArgument, "%s", r.ExternalErrors[0].Message)
	}
	return fmt.Errorf("engine: %w", r)
}
