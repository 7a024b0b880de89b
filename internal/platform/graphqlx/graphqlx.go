// Package graphqlx holds what every gqlgen subgraph shares: an error
// presenter that maps platform errors to `extensions.code`, `requestId`
// and field errors (DESIGN §10), and a handler constructor with the same
// transports, limits and presenter for every service.
package graphqlx

import (
	"context"
	"errors"
	"log/slog"
	"net/http"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/requestid"
)

// Options tune a subgraph handler.
type Options struct {
	// Introspection allows schema introspection; off in production (§9).
	Introspection bool
	// ComplexityLimit bounds a query's complexity; 0 means DefaultComplexity.
	ComplexityLimit int
}

// DefaultComplexity is the complexity limit when Options leave it zero.
const DefaultComplexity = 1000

// NewHandler serves schema over POST (and GET for queries) with the
// platform error presenter and panic handler.
func NewHandler(schema graphql.ExecutableSchema, opts Options) http.Handler {
	srv := handler.New(schema)
	srv.AddTransport(transport.POST{})
	srv.AddTransport(transport.GET{})
	// The gateway sends each subgraph a handful of distinct query texts:
	// parse and validate each once.
	srv.SetQueryCache(lru.New[*ast.QueryDocument](1000))
	if opts.Introspection {
		srv.Use(extension.Introspection{})
	}
	limit := opts.ComplexityLimit
	if limit <= 0 {
		limit = DefaultComplexity
	}
	srv.Use(extension.FixedComplexityLimit(limit))
	srv.Use(refuseNUL{})
	srv.SetErrorPresenter(PresentError)
	srv.SetRecoverFunc(func(ctx context.Context, v any) error {
		slog.ErrorContext(ctx, "panic in resolver", "panic", v)
		return errs.E(errs.Internal, "internal error")
	})
	return srv
}

// PresentError turns a resolver error into a GraphQL error whose
// extensions carry the platform code, the request id and, for
// INVALID_ARGUMENT, the offending fields. Internal causes are logged and
// replaced by a generic message, as in REST.
func PresentError(ctx context.Context, err error) *gqlerror.Error {
	var gqlErr *gqlerror.Error
	if errors.As(err, &gqlErr) && gqlErr.Err == nil {
		// Parse and validation errors from gqlgen itself.
		out := *gqlErr
		out.Extensions = withCode(out.Extensions, errs.InvalidArgument, ctx)
		return &out
	}
	out := graphql.DefaultErrorPresenter(ctx, err)
	cause := err
	if gqlErr != nil && gqlErr.Err != nil {
		cause = gqlErr.Err
	}
	e := errs.As(cause)
	if e.Code == errs.Internal {
		slog.ErrorContext(ctx, "graphql resolver failed", "err", cause, "path", out.Path.String())
	}
	pub := errs.Public(cause)
	out.Message = pub.Message
	out.Err = nil
	out.Extensions = withCode(out.Extensions, pub.Code, ctx)
	if len(pub.Fields) > 0 {
		out.Extensions["fields"] = pub.Fields
	}
	if pub.RetryAfterSeconds > 0 {
		out.Extensions["retryAfterSeconds"] = pub.RetryAfterSeconds
	}
	return out
}

func withCode(ext map[string]any, code errs.Code, ctx context.Context) map[string]any {
	if ext == nil {
		ext = map[string]any{}
	}
	// Always one of the closed set, never gqlgen's own codes, so clients
	// switch on one vocabulary for REST and GraphQL.
	ext["code"] = string(code)
	if id := requestid.From(ctx); id != "" {
		ext["requestId"] = id
	}
	return ext
}

// BatchNotFound records NOT_FOUND with msg for item i of an n-item entity
// batch in list, allocating list on first use, for multi-entity
// resolvers that answer the items they found and an error for the rest.
func BatchNotFound(list graphql.BatchErrorList, n, i int, msg string) graphql.BatchErrorList {
	if list == nil {
		list = make(graphql.BatchErrorList, n)
	}
	list[i] = errs.E(errs.NotFound, "%s", msg)
	return list
}
