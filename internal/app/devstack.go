//go:build !nodev

package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/vextrus/vextrus/internal/platform/kafkax/embedded"
	"github.com/vextrus/vextrus/internal/platform/pgserver"
	"github.com/vextrus/vextrus/internal/platform/temporalx"
	"github.com/vextrus/vextrus/internal/platform/temporalx/devserver"
)

// devStack is what `vextrus dev` started in process because it was not
// configured: each engine is real, only its location is embedded.
type devStack struct {
	pg       *pgserver.Server
	temporal *devserver.Server
	kafka    *embedded.Broker
	logger   *slog.Logger
	// appPasswordFile holds the generated password of the vextrus_app
	// role, "" when the configuration gave one.
	appPasswordFile string
}

// startDevStack starts every engine cfg does not name, under dir, and
// points cfg at it. On error, whatever started is stopped again.
func startDevStack(ctx context.Context, cfg *Config, dir string, logger *slog.Logger) (_ *devStack, err error) {
	s := &devStack{logger: logger}
	defer func() {
		if err != nil {
			err = errors.Join(err, s.stop())
		}
	}()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("dev data dir: %w", err)
	}
	temporalx.SizeWorkflowCache(cfg.Temporal)
	// Modules that keep dev data of their own (the files module's object
	// store) find the directory here.
	cfg.Dev.Dir = dir
	quiet := logger.With("component", "embedded")
	if cfg.Database.URL == "" {
		s.pg, err = pgserver.Start(ctx, pgserver.Options{DataDir: filepath.Join(dir, "postgres"), Logger: quiet})
		if err != nil {
			return nil, fmt.Errorf("embedded postgres: %w", err)
		}
		cfg.Database.URL = s.pg.URL()
	}
	if s.appPasswordFile, err = devAppPassword(cfg, dir); err != nil {
		return nil, err
	}
	if err := devServiceSecret(cfg, dir); err != nil {
		return nil, err
	}
	if cfg.Temporal.Address == "" {
		uiPort := -1
		if cfg.Dev.TemporalUI {
			uiPort = 0
		}
		s.temporal, err = devserver.Start(ctx, devserver.Options{
			DBFile:    filepath.Join(dir, "temporal.sqlite"),
			Namespace: cfg.Temporal.Namespace,
			IP:        "127.0.0.1",
			UIPort:    uiPort,
			Logger:    quiet,
		})
		if err != nil {
			return nil, fmt.Errorf("embedded temporal: %w", err)
		}
		cfg.Temporal.Address = s.temporal.FrontendAddr()
	}
	if len(cfg.Kafka.Brokers) == 0 {
		s.kafka, err = embedded.Start(ctx, embedded.Options{DataDir: filepath.Join(dir, "kafka"),
			SyncWrites: cfg.Dev.KafkaSyncWrites, Logger: quiet})
		if err != nil {
			return nil, fmt.Errorf("embedded kafka: %w", err)
		}
		cfg.Kafka.Brokers = s.kafka.Addrs()
		cfg.Kafka.Partitions = cfg.Dev.KafkaPartitions
	}
	return s, nil
}

// temporalUI is the Web UI address, if one was started.
func (s *devStack) temporalUI() string {
	if s == nil || s.temporal == nil {
		return ""
	}
	return s.temporal.UIURL()
}

// stop stops the engines in reverse start order.
func (s *devStack) stop() error {
	if s == nil {
		return nil
	}
	var errs []error
	if s.kafka != nil {
		errs = append(errs, s.kafka.Stop())
	}
	if s.temporal != nil {
		errs = append(errs, s.temporal.Stop())
	}
	if s.pg != nil {
		errs = append(errs, s.pg.Stop())
	}
	return errors.Join(errs...)
}
