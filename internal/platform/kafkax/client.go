package kafkax

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"os"

	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/sasl"
	"github.com/twmb/franz-go/pkg/sasl/plain"
	"github.com/twmb/franz-go/pkg/sasl/scram"

	"github.com/vextrus/vextrus/internal/platform/telemetry"
)

// NewClient builds a franz-go client for cfg (defaults applied first). The
// producer is idempotent (franz-go's default) and waits for all in-sync
// replicas, so an acknowledged event is not lost with one broker. opts come
// last and so override anything set here, e.g. kgo.TransactionalID or
// kgo.ConsumerGroup. The client never asks the broker to create topics
// implicitly; see EnsureTopics. Producers do not linger (franz-go waits
// 10 ms by default): the relay and the dead-letter path hand over whole
// batches and wait for their acknowledgement, so lingering only adds
// latency; records produced while a request is in flight still batch.
// Unless tracing is off (telemetry.Recording), the client records a
// `<topic> publish` span per produced record, a child of the record's
// Context, and a `<topic> receive` span per fetched one (kotel); see
// tracing.
// Returns INVALID_ARGUMENT when cfg is invalid.
func NewClient(cfg Config, opts ...kgo.Opt) (*kgo.Client, error) {
	cfg = cfg.WithDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	base := []kgo.Opt{
		kgo.SeedBrokers(cfg.Brokers...),
		kgo.ClientID(cfg.ClientID),
		kgo.RequiredAcks(kgo.AllISRAcks()),
		kgo.ProducerLinger(0),
	}
	if cfg.TLS.Enabled {
		tc, err := tlsConfig(cfg.TLS)
		if err != nil {
			return nil, err
		}
		base = append(base, kgo.DialTLSConfig(tc))
	}
	if cfg.SASL.Mechanism != "" {
		base = append(base, kgo.SASL(saslMechanism(cfg.SASL)))
	}
	if tp := telemetry.Provider(cfg.Tracer); telemetry.Recording(tp) {
		base = append(base, tracing(tp, cfg.ClientID))
	}
	cl, err := kgo.NewClient(append(base, opts...)...)
	if err != nil {
		return nil, fmt.Errorf("new kafka client: %w", err)
	}
	return cl, nil
}

func tlsConfig(c TLSConfig) (*tls.Config, error) {
	tc := &tls.Config{MinVersion: tls.VersionTLS12, ServerName: c.ServerName}
	if c.CAFile != "" {
		pem, err := os.ReadFile(c.CAFile)
		if err != nil {
			return nil, fmt.Errorf("read kafka ca file: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("kafka ca file %s: no PEM certificates", c.CAFile)
		}
		tc.RootCAs = pool
	}
	if c.CertFile != "" {
		cert, err := tls.LoadX509KeyPair(c.CertFile, c.KeyFile)
		if err != nil {
			return nil, fmt.Errorf("load kafka client certificate: %w", err)
		}
		tc.Certificates = []tls.Certificate{cert}
	}
	return tc, nil
}

// saslMechanism assumes a validated mechanism name.
func saslMechanism(c SASLConfig) sasl.Mechanism {
	switch c.Mechanism {
	case MechanismPlain:
		return plain.Auth{User: c.Username, Pass: c.Password}.AsMechanism()
	case MechanismSCRAMSHA512:
		return scram.Auth{User: c.Username, Pass: c.Password}.AsSha512Mechanism()
	default:
		return scram.Auth{User: c.Username, Pass: c.Password}.AsSha256Mechanism()
	}
}
