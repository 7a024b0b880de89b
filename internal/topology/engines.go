package topology

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"path/filepath"

	"github.com/vextrus/vextrus/internal/app"
	"github.com/vextrus/vextrus/internal/files/devs3"
	"github.com/vextrus/vextrus/internal/notify/mailbox"
	"github.com/vextrus/vextrus/internal/platform/kafkax/embedded"
	"github.com/vextrus/vextrus/internal/platform/pgserver"
	"github.com/vextrus/vextrus/internal/platform/temporalx/devserver"
)

// engines are what every process shares, each listening on loopback TCP
// the way its production counterpart listens on the network. They are
// the engines `vextrus dev` embeds, run here so that several processes
// reach one of each.
type engines struct {
	pg       *pgserver.Server
	temporal *devserver.Server
	kafka    *embedded.Broker
	s3       *devs3.Server
	smtp     *mailbox.Server
	// Mail is what notify sent through the SMTP sink.
	mail *mailbox.Box

	// secrets shared by the processes, made for this run
	appPassword, keyEncryptionKey, serviceTokenSecret, s3Access, s3Secret string
}

// startEngines starts every engine under dir; on error whatever started
// is stopped again.
func startEngines(ctx context.Context, dir string) (_ *engines, err error) {
	e := &engines{appPassword: randomHex(16), keyEncryptionKey: randomBase64(32),
		serviceTokenSecret: randomHex(32), s3Access: "vextrus-split", s3Secret: randomHex(24)}
	defer func() {
		if err != nil {
			err = errors.Join(err, e.stop())
		}
	}()
	if e.pg, err = startPostgres(ctx, dir, 0); err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	if e.temporal, err = startTemporal(ctx, dir, 0); err != nil {
		return nil, fmt.Errorf("temporal: %w", err)
	}
	if e.kafka, err = startKafka(ctx, dir, 0); err != nil {
		return nil, fmt.Errorf("kafka: %w", err)
	}
	files := app.DefaultConfig().Files
	if e.s3, err = devs3.Start(devs3.Options{AccessKey: e.s3Access, SecretKey: e.s3Secret, Region: files.Region,
		Buckets: []string{files.Bucket}}); err != nil {
		return nil, fmt.Errorf("object store: %w", err)
	}
	e.mail = mailbox.NewBox(1000)
	e.smtp = mailbox.NewServer(e.mail)
	if err := e.smtp.Start("127.0.0.1:0"); err != nil {
		return nil, fmt.Errorf("smtp sink: %w", err)
	}
	return e, nil
}

// The engines that can be stopped and started again (StopEngine) are
// started by these, on port (0 for a free one) and their data under dir.

func startPostgres(ctx context.Context, dir string, port int) (*pgserver.Server, error) {
	// Ephemeral: a throwaway cluster, durability traded for speed.
	return pgserver.Start(ctx, pgserver.Options{DataDir: filepath.Join(dir, "postgres"), Ephemeral: true, Port: port})
}

func startTemporal(ctx context.Context, dir string, port int) (*devserver.Server, error) {
	return devserver.Start(ctx, devserver.Options{DBFile: filepath.Join(dir, "temporal.sqlite"),
		Namespace: app.DefaultConfig().Temporal.Namespace, IP: "127.0.0.1", Port: port, UIPort: -1})
}

func startKafka(ctx context.Context, dir string, port int) (*embedded.Broker, error) {
	return embedded.Start(ctx, embedded.Options{DataDir: filepath.Join(dir, "kafka"), Port: port})
}

// stop stops the engines in reverse start order; an engine StopEngine
// stopped is not stopped twice (each Stop returns its first result).
func (e *engines) stop() error {
	if e == nil {
		return nil
	}
	var errs []error
	if e.smtp != nil {
		errs = append(errs, e.smtp.Stop())
	}
	if e.s3 != nil {
		errs = append(errs, e.s3.Stop(context.Background()))
	}
	if e.kafka != nil {
		errs = append(errs, e.kafka.Stop())
	}
	if e.temporal != nil {
		errs = append(errs, e.temporal.Stop())
	}
	if e.pg != nil {
		errs = append(errs, e.pg.Stop())
	}
	return errors.Join(errs...)
}

// Mailbox is the SMTP sink's mail: what notify sent.
func (t *Topology) Mailbox() *mailbox.Box { return t.engines.mail }

// DatabaseURL is the PostgreSQL admin DSN every process shares.
func (t *Topology) DatabaseURL() string { return t.engines.pg.URL() }

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func randomBase64(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return base64.StdEncoding.EncodeToString(b)
}
