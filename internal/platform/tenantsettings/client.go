package tenantsettings

import (
	"context"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"

	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/kafkax"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// Snapshot is a tenant's settings and flag states at one version, as the
// settings service serves them to other processes.
type Snapshot struct {
	Version   int64                `json:"version"`
	UpdatedAt time.Time            `json:"updatedAt"`
	Settings  Settings             `json:"settings"`
	Flags     map[string]FlagState `json:"flags"`
}

// Source reads a tenant's current snapshot: the settings service in this
// process, or its internal endpoint in another.
type Source interface {
	// Snapshot returns the tenant's settings; a tenant that never changed
	// them has the defaults at version 0. Returns UNAVAILABLE when the
	// settings service cannot be reached.
	Snapshot(ctx context.Context, t tenant.ID) (*Snapshot, error)
}

// Client is the cached, typed reader of tenant settings that every process
// uses. A tenant's snapshot is loaded on first use and kept until its
// settings.changed or flag.changed event arrives (Listener), or MaxAge
// passes, which bounds staleness when events cannot arrive. Concurrent
// misses for a tenant share one load. Safe for concurrent use.
type Client struct {
	src     Source
	catalog *Catalog
	maxAge  time.Duration
	now     func() time.Time
	log     *slog.Logger

	// entries holds each tenant's snapshot (entry): a sync.Map, so the
	// read every request makes takes no lock that the cores would share.
	entries sync.Map
	// mu orders stores against drops; drops counts each tenant's drops: a
	// load that began before a drop is not cached, so a change cannot be
	// overwritten by the older snapshot a slow load brings back.
	mu    sync.Mutex
	drops map[tenant.ID]uint64
	loads singleflight.Group
}

type entry struct {
	snap   *Snapshot
	loaded time.Time
}

// ClientOptions configure a Client; zero values take defaults.
type ClientOptions struct {
	// MaxAge is how long a snapshot is used without an event; default 5
	// minutes.
	MaxAge time.Duration
	Logger *slog.Logger
	// Now is the clock; nil uses time.Now.
	Now func() time.Time
}

// NewClient returns a client reading from src; catalog declares the flags.
func NewClient(src Source, catalog *Catalog, o ClientOptions) *Client {
	c := &Client{src: src, catalog: catalog, maxAge: o.MaxAge, now: o.Now, log: o.Logger,
		drops: map[tenant.ID]uint64{}}
	if c.maxAge <= 0 {
		c.maxAge = 5 * time.Minute
	}
	if c.now == nil {
		c.now = time.Now
	}
	if c.log == nil {
		c.log = slog.New(slog.DiscardHandler)
	}
	return c
}

// Catalog returns the flags this client evaluates.
func (c *Client) Catalog() *Catalog { return c.catalog }

// Snapshot returns the tenant's snapshot, from the cache when it holds
// one that was not dropped. The snapshot is shared: callers must not
// modify it.
//
// A copy older than MaxAge is still the newest this process heard of (a
// change drops it): it is answered at once and refreshed behind the
// caller. Callers read settings inside their transactions, each holding
// a pooled connection; had they waited for a load that needs a
// connection of the same pool, a busy pool would have every connection
// waiting on it until the pool's timeout (the 1,000-user soak stalled
// that way when its tenant's copy expired).
func (c *Client) Snapshot(ctx context.Context, t tenant.ID) (*Snapshot, error) {
	if v, ok := c.entries.Load(t); ok {
		e := v.(entry)
		if c.now().Sub(e.loaded) >= c.maxAge {
			c.refresh(ctx, t)
		}
		return e.snap, nil
	}
	loaded, err, _ := c.loads.Do(c.loadKey(t), func() (any, error) { return c.load(ctx, t) })
	if err != nil {
		return nil, err
	}
	return loaded.(*Snapshot), nil
}

// refresh loads the tenant's snapshot again in the background, once
// however many callers find the copy expired meanwhile.
func (c *Client) refresh(ctx context.Context, t tenant.ID) {
	c.loads.DoChan(c.loadKey(t), func() (any, error) {
		snap, err := c.load(ctx, t)
		if err != nil {
			c.log.WarnContext(ctx, "tenant settings: keeping an expired copy", "tenant", t, "err", err)
		}
		return snap, err
	})
}

// loadKey names a load of the tenant's snapshot since its last drop.
func (c *Client) loadKey(t tenant.ID) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return t.String() + "/" + strconv.FormatUint(c.drops[t], 10)
}

func (c *Client) load(ctx context.Context, t tenant.ID) (*Snapshot, error) {
	c.mu.Lock()
	drops := c.drops[t]
	c.mu.Unlock()
	// The load serves every caller waiting on it, and a refresh outlives
	// its caller: no caller's cancellation may end it.
	snap, err := c.src.Snapshot(context.WithoutCancel(ctx), t)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if c.drops[t] == drops {
		c.entries.Store(t, entry{snap: snap, loaded: c.now()})
	}
	c.mu.Unlock()
	return snap, nil
}

// Settings returns the tenant's settings document (shared; do not modify).
func (c *Client) Settings(ctx context.Context, t tenant.ID) (*Settings, error) {
	snap, err := c.Snapshot(ctx, t)
	if err != nil {
		return nil, err
	}
	return &snap.Settings, nil
}

// Location returns the tenant's timezone.
func (c *Client) Location(ctx context.Context, t tenant.ID) (*time.Location, error) {
	s, err := c.Settings(ctx, t)
	if err != nil {
		return nil, err
	}
	return s.Location(), nil
}

// FiscalYear returns the tenant's fiscal year containing at.
func (c *Client) FiscalYear(ctx context.Context, t tenant.ID, at time.Time) (start, end time.Time, label string, err error) {
	s, err := c.Settings(ctx, t)
	if err != nil {
		return time.Time{}, time.Time{}, "", err
	}
	start, end, label = s.FiscalYear(at)
	return start, end, label, nil
}

// Enabled evaluates flag key for a user of the tenant (userID may be
// empty for work no user asked for). Returns INVALID_ARGUMENT on field
// "flag" for a flag the catalog does not declare.
func (c *Client) Enabled(ctx context.Context, t tenant.ID, userID, key string) (bool, error) {
	def, ok := c.catalog.Lookup(key)
	if !ok {
		return false, c.catalog.Known("flag", key)
	}
	snap, err := c.Snapshot(ctx, t)
	if err != nil {
		return false, err
	}
	return Evaluate(def, snap.Flags, t.String(), userID), nil
}

// Evaluate decides flag def for a subject: the tenant's state when it has
// one, else the catalog's default for everyone.
func Evaluate(def FlagDef, states map[string]FlagState, tenantID, userID string) bool {
	if st, ok := states[def.Key]; ok {
		return st.On(def.Key, tenantID, userID)
	}
	return def.Default
}

// Drop forgets the tenant's snapshot; the next read loads it again.
func (c *Client) Drop(t tenant.ID) {
	c.mu.Lock()
	c.entries.Delete(t)
	c.drops[t]++
	c.mu.Unlock()
}

// HandleEvent drops the tenant of a settings or flag change.
func (c *Client) HandleEvent(_ context.Context, ev events.Event) {
	if ev.Type == EventChanged || ev.Type == EventFlagChanged {
		c.Drop(ev.Tenant)
	}
}

// Listener returns the process's listener of the settings topic: no
// consumer group, every process hears every change; it needs no history,
// since the cache starts empty.
func (c *Client) Listener(kafka kafkax.Config) *events.Listener {
	return events.NewListener(events.ListenerConfig{Name: "tenant settings listener", Topics: []string{events.Topic("settings")}},
		kafka, c.HandleEvent, c.log)
}
