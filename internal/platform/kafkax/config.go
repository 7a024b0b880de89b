// Package kafkax is the platform's Kafka-protocol client layer: typed
// configuration, a franz-go client built with production defaults, topic
// provisioning, and the readiness and round-trip probes. The same code talks
// to Kafka in production and to the in-process broker of package embedded in
// `vextrus dev` and in tests.
package kafkax

import (
	"strings"

	"go.opentelemetry.io/otel/trace"

	"github.com/vextrus/vextrus/internal/platform/errs"
)

// SASL mechanisms accepted in SASLConfig.Mechanism.
const (
	MechanismPlain       = "PLAIN"
	MechanismSCRAMSHA256 = "SCRAM-SHA-256"
	MechanismSCRAMSHA512 = "SCRAM-SHA-512"
)

// Config is how a process reaches its Kafka cluster. Fields tagged
// `secret:"true"` are redacted when the effective configuration is printed.
type Config struct {
	// Brokers are the seed brokers as host:port.
	Brokers []string `yaml:"brokers"`
	// ClientID names this process in broker logs and quotas.
	ClientID string `yaml:"client_id"`
	// TLS encrypts broker connections; required by managed clusters.
	TLS TLSConfig `yaml:"tls"`
	// SASL authenticates the client; empty Mechanism disables it.
	SASL SASLConfig `yaml:"sasl"`
	// Partitions is the partition count of topics created by EnsureTopics.
	Partitions int32 `yaml:"partitions"`
	// ReplicationFactor of topics created by EnsureTopics: 1 for the
	// single embedded broker, 3 in production so a topic survives the
	// loss of a broker.
	ReplicationFactor int16 `yaml:"replication_factor"`
	// CreateTopics lets EnsureTopics create the topics a process uses.
	// Turn it off where operators provision topics; EnsureTopics then only
	// checks that they exist. Topics are never created implicitly by a
	// produce or a fetch.
	CreateTopics bool `yaml:"create_topics"`
	// Tracer records the clients' produce and fetch spans; nil uses the
	// global provider (telemetry.Provider). Not a setting: the process
	// wires it from its tracing.
	Tracer trace.TracerProvider `yaml:"-"`
}

// TLSConfig enables TLS towards the brokers. Files are PEM encoded.
type TLSConfig struct {
	Enabled bool `yaml:"enabled"`
	// CAFile replaces the system roots, for clusters with a private CA.
	CAFile string `yaml:"ca_file"`
	// CertFile and KeyFile present a client certificate (mutual TLS).
	CertFile string `yaml:"cert_file"`
	KeyFile  string `yaml:"key_file"`
	// ServerName overrides the name checked against the broker's
	// certificate; by default it is the host being dialed.
	ServerName string `yaml:"server_name"`
}

// SASLConfig authenticates with SASL PLAIN or SCRAM.
type SASLConfig struct {
	// Mechanism is PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512; empty disables SASL.
	Mechanism string `yaml:"mechanism"`
	Username  string `yaml:"username" secret:"true"`
	Password  string `yaml:"password" secret:"true"`
}

// Defaults for an unset Config field.
const (
	DefaultClientID          = "vextrus"
	DefaultPartitions        = 3
	DefaultReplicationFactor = 1
)

// WithDefaults returns c with every unset field given its default. Brokers
// have no default: `serve` must fail fast when Kafka is not configured.
func (c Config) WithDefaults() Config {
	if c.ClientID == "" {
		c.ClientID = DefaultClientID
	}
	if c.Partitions == 0 {
		c.Partitions = DefaultPartitions
	}
	if c.ReplicationFactor == 0 {
		c.ReplicationFactor = DefaultReplicationFactor
	}
	return c
}

// Validate reports every problem with c at once. Returns INVALID_ARGUMENT
// naming the offending fields.
func (c Config) Validate() error {
	var col errs.Collector
	col.Check(len(c.Brokers) > 0, "brokers", "at least one broker is required")
	for _, b := range c.Brokers {
		col.Check(strings.TrimSpace(b) != "", "brokers", "must not contain an empty address")
	}
	col.Check(c.Partitions >= 1, "partitions", "must be at least 1")
	col.Check(c.ReplicationFactor >= 1, "replication_factor", "must be at least 1")
	col.Check((c.TLS.CertFile == "") == (c.TLS.KeyFile == ""), "tls",
		"cert_file and key_file must be set together")
	switch c.SASL.Mechanism {
	case "":
	case MechanismPlain, MechanismSCRAMSHA256, MechanismSCRAMSHA512:
		col.Check(c.SASL.Username != "", "sasl.username", "is required with sasl.mechanism")
		col.Check(c.SASL.Password != "", "sasl.password", "is required with sasl.mechanism")
	default:
		col.Add("sasl.mechanism", "must be %s, %s or %s",
			MechanismPlain, MechanismSCRAMSHA256, MechanismSCRAMSHA512)
	}
	return col.Err()
}
