package rules

import (
	"sync"
	"time"

	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// cache holds, per (tenant, rule set), the published versions with their
// compiled tables: compiled programs per (tenant, set, version). An entry
// is dropped when the set's versions change here (after commit) or in
// another process (on the published and retired events).
type cache struct {
	mu      sync.RWMutex
	entries map[cacheKey]*timeline
	// gens counts invalidations per key, so a load that raced with an
	// invalidation does not store what it read before it.
	gens map[cacheKey]uint64
}

// timeline is the published versions of one set, by effective date.
type timeline struct {
	versions []compiled
}

type compiled struct {
	number   int
	from     time.Time
	to       *time.Time
	table    *Table
	revision int
}

func newCache() *cache {
	return &cache{entries: map[cacheKey]*timeline{}, gens: map[cacheKey]uint64{}}
}

// get returns the timeline of k and the generation to store a fresh one
// under.
func (c *cache) get(k cacheKey) (*timeline, uint64) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.entries[k], c.gens[k]
}

// put stores tl unless k was invalidated since gen was read.
func (c *cache) put(k cacheKey, gen uint64, tl *timeline) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gens[k] == gen {
		c.entries[k] = tl
	}
}

func (c *cache) invalidate(t tenant.ID, key string) {
	k := cacheKey{tenant: t, key: key}
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.entries, k)
	c.gens[k]++
}

// at returns the version in force on day, if any.
func (tl *timeline) at(day time.Time) (compiled, bool) {
	for _, v := range tl.versions {
		if !day.Before(v.from) && (v.to == nil || !day.After(*v.to)) {
			return v, true
		}
	}
	return compiled{}, false
}

// Invalidate drops the compiled programs of a tenant's rule set, for the
// events consumer when another process published or retired a version.
func (s *Service) Invalidate(t tenant.ID, key string) { s.cache.invalidate(t, key) }
