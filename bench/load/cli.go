package load

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"strings"
	"text/tabwriter"
	"time"
)

// Command runs the benchmark command line
//
//	<scenario> [-users N -duration D -think T -rate R -warmup W -target URL -json -cpuprofile FILE -windowprofile FILE]
//
// args are the arguments after the program name; flags may come before or
// after the scenario name. The table (and with -json, a last line of JSON)
// goes to stdout, progress to stderr. Unless -target is given, the system
// under test is started with system when a scenario first needs it.
func Command(ctx context.Context, args []string, stdout, stderr io.Writer, scenarios []Scenario, system SystemFunc) (err error) {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cfg Config
	fs.IntVar(&cfg.Users, "users", 100, "virtual users; in -rate mode the most requests outstanding at once")
	fs.DurationVar(&cfg.Duration, "duration", 10*time.Second, "measured duration")
	fs.DurationVar(&cfg.Think, "think", time.Second, "mean think time between a user's requests, randomised ±50%; 0 = closed loop")
	fs.Float64Var(&cfg.Rate, "rate", 0, "open-loop arrival rate in requests/s, latency from intended send time (overrides -think)")
	fs.DurationVar(&cfg.Warmup, "warmup", 2*time.Second, "unmeasured warm-up before the measured duration")
	fs.DurationVar(&cfg.Drain, "drain", 10*time.Second, "how long requests in flight at the end may take before they are cancelled")
	target := fs.String("target", "", "base URL of a running system to hit instead of starting one in process")
	asJSON := fs.Bool("json", false, "end the output with one line of JSON")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the whole run (system in process included) to this file")
	windowProfile := fs.String("windowprofile", "", "write a CPU profile of the system's measured window alone (no set-up, warm-up or baseline) to this file")
	memProfile := fs.String("memprofile", "", "write a heap profile at the end of the run to this file (alloc_space: what the whole run allocated)")
	fs.Usage = func() { usage(fs, scenarios) }
	for _, sc := range scenarios {
		if sc.Flags != nil {
			sc.Flags(fs)
		}
	}

	name, err := parse(fs, args)
	if err != nil {
		return err
	}
	sc, ok := find(scenarios, name)
	if !ok {
		fs.Usage()
		if name == "" {
			return errors.New("no scenario given")
		}
		return fmt.Errorf("unknown scenario %q", name)
	}
	if *target != "" {
		url := *target
		system = func(context.Context) (string, func() error, error) { return url, nil, nil }
	}
	client := NewClient(cfg.Users)
	defer client.CloseIdleConnections()
	newEnv := func() *Env { return NewEnv(client, cfg.Users, system) }

	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	if *windowProfile != "" {
		f, err := os.Create(*windowProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		var profErr error
		cfg.Measuring = func() func() {
			if profErr = pprof.StartCPUProfile(f); profErr != nil {
				return func() {}
			}
			return pprof.StopCPUProfile
		}
		defer func() {
			if profErr != nil && err == nil {
				err = fmt.Errorf("windowprofile: %w", profErr)
			}
		}()
	}
	report, err := Compare(ctx, sc, cfg, newEnv, stderr)
	if err != nil {
		return err
	}
	if *memProfile != "" {
		f, err := os.Create(*memProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
			return err
		}
	}
	if err := WriteTable(stdout, report); err != nil {
		return err
	}
	if *asJSON {
		return WriteJSON(stdout, report)
	}
	return nil
}

// parse parses the flags around the scenario name and returns the name.
func parse(fs *flag.FlagSet, args []string) (string, error) {
	var name string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		name, args = args[0], args[1:]
	}
	if err := fs.Parse(args); err != nil {
		return "", err
	}
	if name == "" && fs.NArg() > 0 {
		name = fs.Arg(0)
		if err := fs.Parse(fs.Args()[1:]); err != nil {
			return "", err
		}
	}
	if fs.NArg() > 0 {
		return "", fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	return name, nil
}

func find(scenarios []Scenario, name string) (Scenario, bool) {
	for _, sc := range scenarios {
		if sc.Name == name {
			return sc, true
		}
	}
	return Scenario{}, false
}

func usage(fs *flag.FlagSet, scenarios []Scenario) {
	w := fs.Output()
	fmt.Fprintln(w, "usage: bench <scenario> [flags]")
	fmt.Fprintln(w, "\nscenarios:")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, sc := range scenarios {
		fmt.Fprintf(tw, "  %s\t%s\n", sc.Name, sc.Description)
	}
	tw.Flush()
	fmt.Fprintln(w, "\nflags:")
	fs.PrintDefaults()
}
