package gateway

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/buger/jsonparser"
	lru "github.com/hashicorp/golang-lru/v2"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/vextrus/vextrus/internal/platform/svcclient"
)

// EntityCacheConfig is gateway.entity_cache: entities the engine fetched
// from a subgraph by their key (`_entities`) serve the same caller again
// for TTL, or until the owning service announces a change to them.
type EntityCacheConfig struct {
	TTL  time.Duration `yaml:"ttl" doc:"how long an entity fetched by its key serves the same caller again; 0 turns the cache off"`
	Size int           `yaml:"size" doc:"most entities the cache keeps, across callers and subgraphs"`
	// Types name the cached entity types as <subgraph>.<Type>: only types
	// whose owner announces their changes (see ForgetEntity) belong here.
	Types []string `yaml:"types" doc:"entity types the cache keeps, each as subgraph.Type"`
}

// DefaultEntityCache keeps auth's users and tenants for 10 s: they change
// rarely, every change is an auth event, and they are the entities other
// services' records point to most (createdBy, approvedBy...).
func DefaultEntityCache() EntityCacheConfig {
	return EntityCacheConfig{TTL: 10 * time.Second, Size: 10_000, Types: []string{"auth.User", "auth.Tenant"}}
}

// byService splits Types by subgraph, refusing a malformed one.
func (c EntityCacheConfig) byService() (map[string]map[string]bool, error) {
	out := map[string]map[string]bool{}
	for _, t := range c.Types {
		svc, typ, ok := strings.Cut(t, ".")
		if !ok || svc == "" || typ == "" || strings.Contains(typ, ".") {
			return nil, fmt.Errorf("gateway.entity_cache.types: %q is not subgraph.Type", t)
		}
		if out[svc] == nil {
			out[svc] = map[string]bool{}
		}
		out[svc][typ] = true
	}
	return out, nil
}

// entityCache keeps the entities of one LRU for every subgraph that has
// cached types. An entry belongs to one caller: its key holds the
// caller's identity headers verbatim (as the engine forwards them), the
// query the engine sent (which fields) and the representation (which
// entity). So no caller ever reads what was fetched with another's
// credential, and the owning subgraph's authorization of the first fetch
// is what the entry carries. Responses with errors are never kept.
type entityCache struct {
	ttl     time.Duration
	entries *lru.Cache[entityKey, cachedEntity]
	fetches *prometheus.CounterVec
	now     func() time.Time
}

type entityKey struct {
	subgraph, caller, query, rep string
}

type cachedEntity struct {
	// id is the representation's id, by which ForgetEntity finds it.
	id      string
	data    json.RawMessage
	expires time.Time
}

func newEntityCache(c EntityCacheConfig, reg prometheus.Registerer) (*entityCache, error) {
	entries, err := lru.New[entityKey, cachedEntity](c.Size)
	if err != nil {
		return nil, fmt.Errorf("gateway.entity_cache.size: %w", err)
	}
	fetches := prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "vextrus_gateway_entity_cache_fetches_total",
		Help: "Entity fetches (_entities) of cached types per subgraph: result hit answered from the cache, miss sent on.",
	}, []string{"subgraph", "result"})
	if reg != nil {
		if err := reg.Register(fetches); err != nil {
			return nil, fmt.Errorf("register entity cache metric: %w", err)
		}
	}
	return &entityCache{ttl: c.TTL, entries: entries, fetches: fetches, now: time.Now}, nil
}

// forget drops every entry of the entity with this id, for every caller.
// Changes are rare next to reads, so a walk over the keys serves.
func (c *entityCache) forget(id string) {
	for _, k := range c.entries.Keys() {
		if e, ok := c.entries.Peek(k); ok && e.id == id {
			c.entries.Remove(k)
		}
	}
}

// entityFetch is one cacheable _entities request of a subgraph.
type entityFetch struct {
	subgraph, caller, query string
	reps                    []json.RawMessage
	ids                     []string
}

// key is the cache key of the fetch's i-th representation.
func (f *entityFetch) key(i int) entityKey {
	return entityKey{subgraph: f.subgraph, caller: f.caller, query: f.query, rep: string(f.reps[i])}
}

// cachedTypes is one subgraph's view of the cache.
type cachedTypes struct {
	cache *entityCache
	name  string
	types map[string]bool
}

// lookup reads the engine's request. It returns the response when every
// entity asked for is cached for this caller; otherwise the request to
// send on (its body restored) and, when the answer may be kept, the fetch
// to store it under.
func (t *cachedTypes) lookup(req *http.Request) (*http.Request, *entityFetch, *http.Response) {
	caller := identity(req.Header)
	if caller == "" || req.Body == nil || req.Body == http.NoBody {
		return req, nil, nil
	}
	body, err := io.ReadAll(req.Body)
	_ = req.Body.Close()
	out := *req
	out.Body = io.NopCloser(bytes.NewReader(body))
	if err != nil {
		return &out, nil, nil // sent on as it is: the subgraph sees the short body
	}
	f := t.parse(caller, body)
	if f == nil {
		return &out, nil, nil
	}
	now := t.cache.now()
	hits := make([]json.RawMessage, len(f.reps))
	for i := range f.reps {
		e, ok := t.cache.entries.Get(f.key(i))
		if !ok || !now.Before(e.expires) {
			t.cache.fetches.WithLabelValues(t.name, "miss").Inc()
			return &out, f, nil
		}
		hits[i] = e.data
	}
	t.cache.fetches.WithLabelValues(t.name, "hit").Inc()
	return &out, nil, answer(req, hits)
}

// parse returns the fetch of body when it asks only for entities of cached
// types by id, else nil. It runs on every fetch of a cached subgraph, most
// of them answered from the cache, so it reads body in place (jsonparser)
// rather than decoding it: the body must be valid JSON, its query an
// _entities query and its only variable a non-empty list of objects, each
// of a cached type with a non-empty string id.
func (t *cachedTypes) parse(caller string, body []byte) *entityFetch {
	if !bytes.Contains(body, []byte("_entities(")) || !json.Valid(body) {
		return nil // a root field: reading the body would say no more
	}
	query, err := jsonparser.GetString(body, "query")
	if err != nil || !strings.Contains(query, "_entities(") {
		return nil
	}
	vars, typ, _, err := jsonparser.Get(body, "variables")
	if err != nil || typ != jsonparser.Object {
		return nil
	}
	n := 0
	if jsonparser.ObjectEach(vars, func([]byte, []byte, jsonparser.ValueType, int) error { n++; return nil }) != nil || n != 1 {
		return nil
	}
	f := &entityFetch{subgraph: t.name, caller: caller, query: query}
	ok := true
	_, err = jsonparser.ArrayEach(vars, func(rep []byte, typ jsonparser.ValueType, _ int, err error) {
		if !ok || err != nil || typ != jsonparser.Object {
			ok = false
			return
		}
		name, err1 := jsonparser.GetString(rep, "__typename")
		id, err2 := jsonparser.GetString(rep, "id")
		if err1 != nil || err2 != nil || !t.types[name] || id == "" {
			ok = false
			return
		}
		f.reps = append(f.reps, json.RawMessage(rep))
		f.ids = append(f.ids, id)
	}, "representations")
	if err != nil || !ok || len(f.reps) == 0 {
		return nil
	}
	return f
}

// store keeps the entities of a successful answer to f and hands the
// response on with its body restored.
func (t *cachedTypes) store(f *entityFetch, resp *http.Response) error {
	body, err := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	resp.Body = svcclient.WholeBody(body)
	if err != nil || resp.StatusCode != http.StatusOK {
		return err
	}
	var out struct {
		Data *struct {
			Entities []json.RawMessage `json:"_entities"`
		} `json:"data"`
		Errors json.RawMessage `json:"errors"`
	}
	if json.Unmarshal(body, &out) != nil || out.Data == nil || len(out.Data.Entities) != len(f.reps) ||
		(len(out.Errors) > 0 && string(out.Errors) != "null") {
		return nil
	}
	expires := t.cache.now().Add(t.cache.ttl)
	for i, e := range out.Data.Entities {
		if string(e) == "null" {
			continue
		}
		t.cache.entries.Add(f.key(i), cachedEntity{id: f.ids[i], data: e, expires: expires})
	}
	return nil
}

// identity is the caller as the subgraph will see it: the identity
// headers the engine forwarded, verbatim; "" for an anonymous request,
// which is never cached.
func identity(h http.Header) string {
	var b strings.Builder
	for _, k := range identityHeaders {
		if v := h.Get(k); v != "" {
			b.WriteString(k)
			b.WriteByte(':')
			b.WriteString(v)
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// answer is the subgraph response the cached entities make.
func answer(req *http.Request, entities []json.RawMessage) *http.Response {
	var b bytes.Buffer
	b.WriteString(`{"data":{"_entities":[`)
	for i, e := range entities {
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(e)
	}
	b.WriteString(`]}}`)
	return &http.Response{
		Status:        "200 OK",
		StatusCode:    http.StatusOK,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        http.Header{"Content-Type": {"application/json"}},
		Body:          svcclient.WholeBody(b.Bytes()),
		ContentLength: int64(b.Len()),
		Request:       req,
	}
}
