// Command bench is the Vextrus benchmark harness. It drives a scenario with
// virtual users against the system started in this process (or against a
// running one given by -target), then drives the scenario's baseline with the
// same load shape, and prints latency percentiles, throughput and errors for
// both, with their ratios.
//
//	go run ./bench health -users 1000 -duration 30s
//	go run ./bench health -think 0 -users 64          # saturation, closed loop
//	go run ./bench health -rate 5000 -users 500 -json # open loop, constant arrivals
//
// See bench/README.md for how it measures.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/vextrus/vextrus/bench/load"
	"github.com/vextrus/vextrus/internal/app"
)

func main() {
	app.TuneRuntime() // as the vextrus binary does
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:])
	stop()
	switch {
	case errors.Is(err, flag.ErrHelp):
	case err != nil:
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string) error {
	if len(args) > 0 {
		switch args[0] {
		case "outage":
			return outageCommand(ctx, args[1:], os.Stdout, os.Stderr)
		case "crash":
			return runCrash(ctx, args[1:], os.Stdout, os.Stderr)
		}
	}
	sys := &inProcess{}
	if len(args) > 0 && args[0] == "soak" {
		return soak(ctx, args[1:], sys, os.Stdout, os.Stderr)
	}
	return load.Command(ctx, args, os.Stdout, os.Stderr, scenarios(sys), sys.start)
}

// scenarios lists every benchmark; adding one is one line here.
func scenarios(sys *inProcess) []load.Scenario {
	return append([]load.Scenario{
		health(),
		eventsScenario(),
		authLogin(),
		rulesScenario(sys),
		settingsScenario(sys),
		ordersScenario(),
		documentsScenario(),
		notifyScenario(sys),
		splitScenario(sys),
		consoleScenario(sys),
		mixedScenario(sys),
	}, append(append(append(workflowScenarios(sys), masterdataScenarios(sys)...), gatewayScenarios(sys)...), financeScenarios(sys)...)...)
}

// inProcess is the system a run started in this process, for scenarios
// that also measure a service without HTTP.
type inProcess struct{ main *app.Main }

// internalURL is the internal listener of the system this run started
// (subgraphs, /metrics); a run always starts its system before a scenario
// asks.
func (s *inProcess) internalURL() string { return s.main.InternalURL() }

// start starts Vextrus in this process on embedded engines, like
// `vextrus dev`, with a throwaway data directory and a free loopback port.
func (s *inProcess) start(ctx context.Context) (string, func() error, error) {
	opts, err := systemOptions(ctx)
	if err != nil {
		return "", nil, err
	}
	m, err := app.NewMain(ctx, opts)
	if err != nil {
		return "", nil, fmt.Errorf("new main: %w", err)
	}
	s.main = m
	return m.URL(), func() error { s.main = nil; return m.Close() }, nil
}

// systemOptions start targets (all when none) as `vextrus dev` would:
// the defaults, then VEXTRUS_* variables and a .env file, so a run can
// change a setting (VEXTRUS_DEV_KAFKA_PARTITIONS=3 go run ./bench events).
// The data directory is a throwaway one and the ports free loopback ones.
func systemOptions(ctx context.Context, targets ...string) (app.Options, error) {
	cfg, err := app.LoadConfig(ctx, "", app.Dev)
	if err != nil {
		return app.Options{}, fmt.Errorf("configuration: %w", err)
	}
	cfg.HTTP.InternalAddr = "127.0.0.1:0"
	return app.Options{Config: &cfg, HTTPAddr: "127.0.0.1:0", Targets: targets}, nil
}
