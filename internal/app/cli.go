package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/joho/godotenv"
	"github.com/spf13/cobra"

	"github.com/vextrus/vextrus/internal/platform/config"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/telemetry"
)

// Command returns the `vextrus` command line; out and errOut receive what it
// prints.
func Command(out, errOut io.Writer) *cobra.Command {
	var configFile string
	root := &cobra.Command{
		Use:           "vextrus",
		Short:         "Vextrus ERP: one binary for every service",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetOut(out)
	root.SetErr(errOut)
	root.PersistentFlags().StringVar(&configFile, "config", "vextrus.yaml", "configuration file (optional)")
	load := func(ctx context.Context, mode Mode) (Config, error) {
		return LoadConfig(ctx, configFile, mode)
	}
	// dev and serve reload the file they loaded, and on SIGHUP.
	source := func(cfg Config, mode Mode) ConfigSource {
		return ConfigSource{Declared: cfg, File: configFile, Load: func(ctx context.Context) (Config, error) { return load(ctx, mode) }}
	}
	root.AddCommand(
		devCommand(load, source, out, errOut),
		serveCommand(load, source, out, errOut),
		migrateCommand(load, out),
		configCommand(load, out),
		tenantCommand(load, out),
		auditCommand(load, out),
		healthCommand(out),
		&cobra.Command{
			Use:   "version",
			Short: "Print the version",
			Run:   func(*cobra.Command, []string) { fmt.Fprintln(out, "vextrus", Version) },
		},
	)
	return root
}

// LoadConfig reads defaults, the yaml file, then the environment. In dev a
// `.env` file fills variables that are not already set.
func LoadConfig(ctx context.Context, file string, mode Mode) (Config, error) {
	cfg := DefaultConfig()
	if mode == Dev {
		cfg.Log.Format = "text"
		if err := godotenv.Load(); err != nil && !errors.Is(err, os.ErrNotExist) {
			return cfg, fmt.Errorf(".env: %w", err)
		}
	}
	err := loadConfig(ctx, &cfg, file)
	return cfg, err
}

type loader func(context.Context, Mode) (Config, error)

// sourcer is where a running process started from cfg reloads it.
type sourcer func(cfg Config, mode Mode) ConfigSource

// logger returns the logger of cfg; level, when not nil, is where it
// reads its level, for a reload to change.
func logger(cfg Config, w io.Writer, level *slog.LevelVar) *slog.Logger {
	return telemetry.NewLogger(w, cfg.Log, level)
}

func targetList(s string) []string {
	var out []string
	for _, t := range strings.Split(s, ",") {
		if t = strings.TrimSpace(t); t != "" {
			out = append(out, t)
		}
	}
	return out
}

func devCommand(load loader, source sourcer, out, errOut io.Writer) *cobra.Command {
	var dir, target string
	cmd := &cobra.Command{
		Use:   "dev",
		Short: "Run every service in one process on embedded PostgreSQL, Temporal and Kafka",
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			cfg, err := load(ctx, Dev)
			if err != nil {
				return err
			}
			if dir == "" {
				dir = cfg.Dev.Dir
			}
			level := new(slog.LevelVar)
			log := logger(cfg, errOut, level)
			tr, err := telemetry.SetupTracing(ctx, cfg.OTel, serviceName(targetList(target)), Version)
			if err != nil {
				return err
			}
			defer tr.Shutdown(context.Background())
			src := source(cfg, Dev)
			m, err := NewMain(ctx, Options{Dir: dir, Targets: targetList(target), Logger: log, LogLevel: level, Config: &cfg,
				HTTPAddr: cfg.HTTP.Addr, Reload: &src, Tracing: tr})
			if err != nil {
				return err
			}
			m.PrintBanner(out)
			failure := m.Wait(ctx)
			log.Info("stopping")
			return errors.Join(failure, m.Close())
		},
	}
	cmd.Flags().StringVar(&dir, "dir", "", "data directory for embedded engines (default dev.dir, .vextrus)")
	cmd.Flags().StringVar(&target, "target", All, "comma-separated targets to run")
	return cmd
}

func serveCommand(load loader, source sourcer, out, errOut io.Writer) *cobra.Command {
	var target string
	var list bool
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Run targets against configured PostgreSQL, Kafka and Temporal",
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			if list {
				a := New(DefaultConfig(), Serve, slog.New(slog.DiscardHandler))
				for _, t := range a.Targets() {
					fmt.Fprintf(out, "%-14s %s\n", t.Name, t.Summary)
				}
				return nil
			}
			cfg, err := load(ctx, Serve)
			if err != nil {
				return err
			}
			level := new(slog.LevelVar)
			log := logger(cfg, errOut, level)
			tr, err := telemetry.SetupTracing(ctx, cfg.OTel, serviceName(targetList(target)), Version)
			if err != nil {
				return err
			}
			defer tr.Shutdown(context.Background())
			a := New(cfg, Serve, log)
			a.LogLevel = level
			a.Tracing = tr
			running, err := a.Start(ctx, targetList(target))
			if err != nil {
				return err
			}
			watch, err := a.WatchConfig(ctx, source(cfg, Serve))
			if err != nil {
				return errors.Join(err, running.Stop())
			}
			failure := running.Wait(ctx)
			log.Info("stopping")
			return errors.Join(failure, watch.Stop(context.Background()), running.Stop())
		},
	}
	cmd.Flags().StringVar(&target, "target", All, "comma-separated targets to run (see --list-targets)")
	cmd.Flags().BoolVar(&list, "list-targets", false, "print the targets and exit")
	return cmd
}

func migrateCommand(load loader, out io.Writer) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "migrate up|down|status",
		Short: "Create the database roles and migrate every service schema",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir, ok := map[string]db.Direction{"up": db.Up, "down": db.Down, "status": db.Status}[args[0]]
			if !ok {
				return fmt.Errorf("migrate: unknown direction %q (want up, down or status)", args[0])
			}
			ctx := cmd.Context()
			cfg, err := load(ctx, Serve)
			if err != nil {
				return err
			}
			k := &config.Checker{}
			checkDatabase(&cfg, k)
			if err := k.Problems().Err(); err != nil {
				return err
			}
			ctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
			defer cancel()
			a := New(cfg, Serve, logger(cfg, io.Discard, nil))
			if dir == db.Up {
				if err := db.Bootstrap(ctx, cfg.Database.URL, cfg.Database.AppPassword); err != nil {
					return err
				}
			}
			return db.Migrate(ctx, cfg.Database.URL, a.schemas(), dir, out)
		},
	}
	return cmd
}

func configCommand(load loader, out io.Writer) *cobra.Command {
	cmd := &cobra.Command{Use: "config", Short: "Show or check the effective configuration"}
	var target string
	check := &cobra.Command{
		Use:   "check",
		Short: "Report every missing or invalid setting for the targets",
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := load(cmd.Context(), Serve)
			if err != nil {
				return err
			}
			if err := New(cfg, Serve, slog.New(slog.DiscardHandler)).Check(targetList(target)); err != nil {
				return err
			}
			fmt.Fprintln(out, "configuration ok")
			return nil
		},
	}
	check.Flags().StringVar(&target, "target", All, "targets whose settings to check")
	cmd.AddCommand(
		&cobra.Command{
			Use:   "print",
			Short: "Print the effective configuration, secrets redacted",
			RunE: func(cmd *cobra.Command, _ []string) error {
				cfg, err := load(cmd.Context(), Serve)
				if err != nil {
					return err
				}
				return config.Print(out, &cfg)
			},
		},
		check,
		&cobra.Command{
			Use:    "env-example",
			Short:  "Print a .env template of every setting",
			Hidden: true,
			RunE: func(*cobra.Command, []string) error {
				cfg := DefaultConfig()
				return config.WriteEnvExample(out, &cfg)
			},
		},
	)
	return cmd
}
