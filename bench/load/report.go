package load

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"
)

// Summary is one measured run in the form printed as JSON.
type Summary struct {
	Scenario  string  `json:"scenario"`
	Users     int     `json:"users"`
	DurationS float64 `json:"durationS"`
	// Requests counts requests issued in the window (and dropped arrivals).
	Requests int64 `json:"requests"`
	// Errors counts failed requests and dropped arrivals.
	Errors int64 `json:"errors"`
	// RPS is successful requests per second of the window.
	RPS   float64 `json:"rps"`
	P50Ms float64 `json:"p50Ms"`
	P95Ms float64 `json:"p95Ms"`
	P99Ms float64 `json:"p99Ms"`
	MaxMs float64 `json:"maxMs"`
}

// Summarize condenses a result measured under cfg.
func Summarize(name string, cfg Config, r Result) Summary {
	ms := func(q float64) float64 { return millis(r.Latency.QuantileDuration(q)) }
	s := Summary{
		Scenario:  name,
		Users:     cfg.Users,
		DurationS: r.Duration.Seconds(),
		Requests:  r.Requests,
		Errors:    r.Errors,
	}
	if s.DurationS > 0 {
		s.RPS = float64(r.Requests-r.Errors) / s.DurationS
	}
	if r.Latency != nil {
		s.P50Ms, s.P95Ms, s.P99Ms = ms(0.50), ms(0.95), ms(0.99)
		s.MaxMs = millis(time.Duration(r.Latency.Max()))
	}
	return s
}

func millis(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// Report is a scenario measured beside its baseline.
type Report struct {
	Summary
	Baseline Summary `json:"baseline"`

	Config         Config `json:"-"`
	Result         Result `json:"-"`
	BaselineResult Result `json:"-"`
}

// Compare measures sc and then its baseline with the same load shape, each
// in a fresh Env from newEnv that is closed when its run ends, and reports
// both. Progress goes to log.
func Compare(ctx context.Context, sc Scenario, cfg Config, newEnv func() *Env, log io.Writer) (Report, error) {
	if sc.Setup == nil || sc.Baseline == nil {
		return Report{}, fmt.Errorf("scenario %s: setup and baseline are required", sc.Name)
	}
	res, err := measure(ctx, sc.Name, sc.Setup, cfg, newEnv(), log)
	if err != nil {
		return Report{}, err
	}
	baseName := sc.Name + "/baseline"
	baseCfg := cfg
	baseCfg.Measuring = nil // the system's window alone
	base, err := measure(ctx, baseName, sc.Baseline, baseCfg, newEnv(), log)
	if err != nil {
		return Report{}, err
	}
	return Report{
		Summary:        Summarize(sc.Name, cfg, res),
		Baseline:       Summarize(baseName, cfg, base),
		Config:         cfg,
		Result:         res,
		BaselineResult: base,
	}, nil
}

// measure sets up one target in env, runs it, and closes env.
func measure(ctx context.Context, name string, setup SetupFunc, cfg Config, env *Env, log io.Writer) (_ Result, err error) {
	defer func() {
		if cerr := env.Close(); cerr != nil {
			err = errors.Join(err, fmt.Errorf("%s: close: %w", name, cerr))
		}
	}()
	fmt.Fprintf(log, "%s: setting up\n", name)
	target, err := setup(ctx, env)
	if err != nil {
		return Result{}, fmt.Errorf("%s: setup: %w", name, err)
	}
	fmt.Fprintf(log, "%s: %s, warm-up %s, measuring %s\n", name, shape(cfg), cfg.Warmup, cfg.Duration)
	res, err := Run(ctx, target, cfg)
	if err != nil {
		return Result{}, fmt.Errorf("%s: run: %w", name, err)
	}
	if res.FirstErr != nil {
		fmt.Fprintf(log, "%s: %d errors, first: %v\n", name, res.Errors, res.FirstErr)
	}
	return res, nil
}

// shape describes the load shape of cfg for people.
func shape(cfg Config) string {
	switch cfg.Mode() {
	case "open":
		return fmt.Sprintf("open loop at %g req/s, at most %d outstanding", cfg.Rate, cfg.Users)
	case "closed":
		return fmt.Sprintf("closed loop, %d users, no think time", cfg.Users)
	default:
		return fmt.Sprintf("%d users thinking %s ±50%%", cfg.Users, cfg.Think)
	}
}

// WriteJSON writes r as one line of JSON.
func WriteJSON(w io.Writer, r Report) error {
	b, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("encode report: %w", err)
	}
	_, err = fmt.Fprintf(w, "%s\n", b)
	return err
}
