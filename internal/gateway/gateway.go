// Package gateway is the edge of Vextrus: one federated GraphQL endpoint
// executed by the graphql-go-tools engine over the composed supergraph,
// the routing of every service's REST API, the merged OpenAPI document
// with its docs page, and the edge policy both share (CORS, rate limits,
// GraphQL limits, persisted operations). Subgraphs are reached through
// the platform service client (svcclient), in process or over HTTP, with
// its breaker, concurrency bound and timeout per subgraph.
//
// Authentication stays where it is for every route: the platform authn
// middleware in the server chain. The gateway forwards the caller's
// headers to subgraphs only through the engine's per-request header
// builder, whose hash is part of every de-duplication key the engine
// keeps, so no response is ever shared between two callers.
package gateway

import (
	"time"

	"github.com/vextrus/vextrus/internal/platform/config"
)

// Config is the gateway's section of the process configuration.
type Config struct {
	Introspection bool `yaml:"introspection" doc:"allow GraphQL introspection (on in dev)"`
	GraphiQL      bool `yaml:"graphiql" doc:"serve GraphiQL at GET /graphql (on in dev)"`
	// MaxBodyBytes bounds a GraphQL request body; REST bodies are bounded
	// by http.max_body_bytes.
	MaxBodyBytes  int64         `yaml:"max_body_bytes" doc:"largest GraphQL request body"`
	MaxDepth      int           `yaml:"max_depth" doc:"deepest field nesting a GraphQL operation may have"`
	MaxAliases    int           `yaml:"max_aliases" doc:"most aliased fields a GraphQL operation may have"`
	MaxRootFields int           `yaml:"max_root_fields" doc:"most top-level fields a GraphQL operation may select"`
	MaxCost       int           `yaml:"max_cost" doc:"highest estimated cost of a GraphQL operation"`
	Timeout       time.Duration `yaml:"timeout" doc:"execution timeout of one GraphQL operation"`
	// PersistedOnly turns the allow-list on: only operations whose
	// SHA-256 is in PersistedFile run.
	PersistedOnly bool   `yaml:"persisted_only" doc:"run only operations listed in persisted_file"`
	PersistedFile string `yaml:"persisted_file" doc:"JSON object of allowed operations: sha256 hex to query text"`
	// CORSOrigins lists the browser origins allowed to call; "*" allows any.
	CORSOrigins []string `yaml:"cors_origins" doc:"browser origins allowed by CORS; empty allows none"`
	// Rate limits: a token bucket per tenant and one per user, refilled
	// per second.
	TenantRate  float64 `yaml:"tenant_rate" reload:"live" doc:"requests per second one tenant may make"`
	TenantBurst int     `yaml:"tenant_burst" reload:"live" doc:"burst size of a tenant's bucket"`
	UserRate    float64 `yaml:"user_rate" reload:"live" doc:"requests per second one user may make"`
	UserBurst   int     `yaml:"user_burst" reload:"live" doc:"burst size of a user's bucket"`
	// Anonymous requests (logins, refreshes, documents) share one bucket
	// per client address (http.trusted_proxies says whose
	// X-Forwarded-For names it).
	AnonymousRate  float64 `yaml:"anonymous_rate" reload:"live" doc:"requests per second one client address may make without a credential"`
	AnonymousBurst int     `yaml:"anonymous_burst" reload:"live" doc:"burst size of a client address's bucket"`
	// MaxConcurrency bounds the operations the engine resolves at once.
	MaxConcurrency int `yaml:"max_concurrency" doc:"GraphQL operations resolved at once"`
	// EntityCache keeps entities fetched by key for the caller that
	// fetched them (docs/gateway.md).
	EntityCache EntityCacheConfig `yaml:"entity_cache"`
}

// DefaultConfig is the production default: introspection and GraphiQL off.
func DefaultConfig() Config {
	return Config{
		MaxBodyBytes:   1 << 20,
		MaxDepth:       12,
		MaxAliases:     30,
		MaxRootFields:  20,
		MaxCost:        5000,
		Timeout:        10 * time.Second,
		TenantRate:     2000,
		TenantBurst:    4000,
		UserRate:       200,
		UserBurst:      400,
		AnonymousRate:  10,
		AnonymousBurst: 30,
		MaxConcurrency: 1024,
		EntityCache:    DefaultEntityCache(),
	}
}

// Validate implements config.Validator.
func (c *Config) Validate(v *config.Checker) {
	v.Check(c.MaxBodyBytes > 0, "max_body_bytes", "must be positive")
	v.Check(c.MaxDepth > 0, "max_depth", "must be positive")
	v.Check(c.MaxAliases >= 0, "max_aliases", "must not be negative")
	v.Check(c.MaxRootFields > 0, "max_root_fields", "must be positive")
	v.Check(c.MaxCost > 0, "max_cost", "must be positive")
	v.Check(c.Timeout > 0, "timeout", "must be positive")
	v.Check(c.TenantRate > 0 && c.TenantBurst > 0, "tenant_rate", "rate and burst must be positive")
	v.Check(c.UserRate > 0 && c.UserBurst > 0, "user_rate", "rate and burst must be positive")
	v.Check(c.AnonymousRate > 0 && c.AnonymousBurst > 0, "anonymous_rate", "rate and burst must be positive")
	v.Check(!c.PersistedOnly || c.PersistedFile != "", "persisted_file", "required when persisted_only is on")
	v.Check(c.MaxConcurrency > 0, "max_concurrency", "must be positive")
	v.Check(c.EntityCache.TTL >= 0, "entity_cache.ttl", "must not be negative")
	v.Check(c.EntityCache.TTL == 0 || c.EntityCache.Size > 0, "entity_cache.size", "must be positive while the cache is on")
	_, err := c.EntityCache.byService()
	v.Check(err == nil, "entity_cache.types", "each must be subgraph.Type")
}
