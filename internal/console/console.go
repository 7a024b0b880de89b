package console

import (
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/vextrus/vextrus/internal/platform/svcclient"
)

// Prefix is where the console is served on the public listener.
const Prefix = "/console"

// Config is the console's section of the configuration (console.*).
type Config struct {
	// CookieSecure marks the session cookie Secure. It stays on wherever
	// the console is reached over TLS; dev over plain http turns it off.
	CookieSecure bool          `yaml:"cookie_secure" doc:"mark the console's session cookie Secure (sent over HTTPS only); off only for plain-http dev"`
	IdleTimeout  time.Duration `yaml:"idle_timeout" doc:"a console session unused this long ends"`
	MaxAge       time.Duration `yaml:"max_age" doc:"a console session ends this long after sign-in, however used"`
}

// DefaultConfig is the console's configuration before the file and
// environment: a working day's session, half an hour idle.
func DefaultConfig() Config {
	return Config{CookieSecure: true, IdleTimeout: 30 * time.Minute, MaxAge: 12 * time.Hour}
}

// Services are the clients of the services the console calls, each in
// process or remote as the process is wired (App.Client). A nil client
// hides that service's screens.
type Services struct {
	Auth       *svcclient.Client
	Masterdata *svcclient.Client
	Orders     *svcclient.Client
	Workflow   *svcclient.Client
	Finance    *svcclient.Client
	Audit      *svcclient.Client
	Settings   *svcclient.Client
	Documents  *svcclient.Client
	Files      *svcclient.Client
}

// Deps is what New needs.
type Deps struct {
	Config   Config
	Services Services
	// Store keeps sessions; nil keeps them in memory.
	Store  Store
	Logger *slog.Logger
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Console serves the screens. Make one with New.
type Console struct {
	cfg    Config
	svc    Services
	store  Store
	log    *slog.Logger
	now    func() time.Time
	mux    *http.ServeMux
	assets assetSet
	// refreshing serializes token refreshes per session in this process:
	// auth rotates refresh tokens, so two concurrent refreshes with one
	// token would end the session.
	refreshing sync.Map // session key -> *sync.Mutex
}

// New returns the console; mount Handler at Prefix+"/".
func New(d Deps) (*Console, error) {
	if d.Store == nil {
		d.Store = NewMemoryStore(d.Now)
	}
	if d.Logger == nil {
		d.Logger = slog.New(slog.DiscardHandler)
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	a, err := loadAssets()
	if err != nil {
		return nil, err
	}
	c := &Console{cfg: d.Config, svc: d.Services, store: d.Store, log: d.Logger, now: d.Now, assets: a, mux: http.NewServeMux()}
	c.routes()
	return c, nil
}

// Handler serves every path under Prefix.
func (c *Console) Handler() http.Handler { return c.mux }
