package app

import (
	"time"

	"github.com/vextrus/vextrus/internal/audit"
	"github.com/vextrus/vextrus/internal/auth"
	"github.com/vextrus/vextrus/internal/console"
	"github.com/vextrus/vextrus/internal/files"
	"github.com/vextrus/vextrus/internal/gateway"
	"github.com/vextrus/vextrus/internal/notify"
	"github.com/vextrus/vextrus/internal/platform/config"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/httpx"
	"github.com/vextrus/vextrus/internal/platform/kafkax"
	"github.com/vextrus/vextrus/internal/platform/svcclient"
	"github.com/vextrus/vextrus/internal/platform/telemetry"
	"github.com/vextrus/vextrus/internal/platform/temporalx"
	"github.com/vextrus/vextrus/internal/platform/vault"
)

// Config is the whole process configuration: one typed section per module.
// See package config for the environment variable naming scheme.
type Config struct {
	HTTP     httpx.Config         `yaml:"http"`
	Log      telemetry.LogConfig  `yaml:"log"`
	OTel     telemetry.OTelConfig `yaml:"otel"`
	Database db.Config            `yaml:"database"`
	Kafka    kafkax.Config        `yaml:"kafka"`
	Temporal temporalx.Config     `yaml:"temporal"`
	Redis    RedisConfig          `yaml:"redis"`
	Dev      DevConfig            `yaml:"dev"`
	Auth     auth.Config          `yaml:"auth"`
	Gateway  gateway.Config       `yaml:"gateway"`
	Events   events.RelayConfig   `yaml:"events"`
	Audit    audit.Config         `yaml:"audit"`
	Vault    vault.Config         `yaml:"vault"`
	Notify   notify.Config        `yaml:"notify"`
	Files    files.Config         `yaml:"files"`
	Console  console.Config       `yaml:"console"`
	// Services holds the base URLs of each service that runs in another
	// process; a service running in this process is called in process.
	Services map[string]ServiceEndpoint `yaml:"services"`
	// Clients holds the resilience policy of calls to each target service.
	Clients map[string]svcclient.Policy `yaml:"clients"`
	// Features changes feature flags' defaults and declares more flags;
	// a reload replaces the catalog (live).
	Features map[string]FeatureConfig `yaml:"features" reload:"live"`

	loaded loaded
}

// RedisConfig is optional; rate limits use it when set.
type RedisConfig struct {
	URL string `yaml:"url" secret:"true" doc:"Redis URL for shared rate limits; empty keeps them in memory"`
}

// ServiceEndpoint is where a remote service listens: URL is its public
// listener (REST, called by the gateway's proxy and other services),
// InternalURL its internal one (http.internal_addr), where the gateway
// reaches its GraphQL subgraph (and, for auth, where other processes mint
// service credentials).
type ServiceEndpoint struct {
	URL         string `yaml:"url" doc:"base URL of the service when it runs in another process"`
	InternalURL string `yaml:"internal_url" doc:"base URL of that service's internal listener, where the gateway reaches its GraphQL subgraph (auth's: where service credentials are minted)"`
}

// DevConfig configures `vextrus dev`.
type DevConfig struct {
	Dir           string `yaml:"dir" doc:"where dev keeps PostgreSQL, Temporal and Kafka data"`
	AdminPassword string `yaml:"admin_password" secret:"true" doc:"password of the dev tenant's admin user"`
	TemporalUI    bool   `yaml:"temporal_ui" doc:"serve the Temporal Web UI in dev"`
	// KafkaPartitions replaces kafka.partitions on the embedded broker:
	// one node, one consumer per group, so partitions add no parallelism,
	// and each partition a produce request touches costs the broker two
	// file writes (and fsyncs, with KafkaSyncWrites) inside its single
	// request loop.
	KafkaPartitions int32 `yaml:"kafka_partitions" doc:"partitions of the topics dev creates on its embedded Kafka broker"`
	// KafkaSyncWrites makes the embedded broker fsync every batch before
	// acknowledging it. Without, a killed dev still loses nothing it
	// acknowledged; an operating system crash may lose the last records.
	KafkaSyncWrites bool `yaml:"kafka_sync_writes" doc:"fsync every batch on dev's embedded Kafka broker before acknowledging it (survives an OS crash; slower)"`
}

// Validate reports every problem with d.
func (d *DevConfig) Validate(ch *config.Checker) {
	ch.Check(d.KafkaPartitions >= 1, "kafka_partitions", "must be at least 1")
}

// DefaultConfig is the configuration before the file and environment.
func DefaultConfig() Config {
	return Config{
		HTTP:     httpx.DefaultConfig(),
		Log:      telemetry.LogConfig{Format: "json", Level: "info"},
		OTel:     telemetry.OTelConfig{SampleRatio: 1},
		Database: db.DefaultConfig(),
		Kafka:    kafkax.Config{}.WithDefaults(),
		Temporal: temporalx.DefaultConfig(),
		Auth:     auth.DefaultConfig(),
		Gateway:  gateway.DefaultConfig(),
		Events:   events.DefaultRelayConfig(),
		Audit:    audit.DefaultConfig(),
		Vault:    vault.DefaultConfig(),
		Notify:   notify.DefaultConfig(),
		Files:    files.DefaultConfig(),
		Console:  console.DefaultConfig(),
		Dev:      DevConfig{Dir: ".vextrus", AdminPassword: "vextrus-dev", TemporalUI: true, KafkaPartitions: 1},
		Services: map[string]ServiceEndpoint{},
		Clients:  map[string]svcclient.Policy{},
		Features: map[string]FeatureConfig{},
	}
}

// requireSet adds a problem for every empty key.
func requireSet(c *config.Checker, what string, kv ...string) {
	for i := 0; i+1 < len(kv); i += 2 {
		c.Check(kv[i+1] != "", kv[i], "required by %s", what)
	}
}

// shutdownGrace bounds how long the whole process takes to stop.
const shutdownGrace = 30 * time.Second
