package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// TestMain lets the tests run this binary as a real process: with
// VEXTRUS_TEST_RUN_MAIN set, the test binary behaves as `vextrus`, with
// the arguments in VEXTRUS_TEST_ARGS or, without that variable, its own
// (the split topology runs it as its vextrus binary).
func TestMain(m *testing.M) {
	if os.Getenv("VEXTRUS_TEST_RUN_MAIN") == "1" {
		args, ok := os.LookupEnv("VEXTRUS_TEST_ARGS")
		if ok {
			os.Args = append([]string{"vextrus"}, strings.Fields(args)...)
		}
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// vextrus runs the binary with args in an empty environment and dir.
func vextrus(t *testing.T, timeout time.Duration, args ...string) (stdout, stderr string, code int, took time.Duration) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^$")
	cmd.Dir = t.TempDir()
	cmd.Env = []string{"VEXTRUS_TEST_RUN_MAIN=1", "VEXTRUS_TEST_ARGS=" + strings.Join(args, " "), "HOME=" + cmd.Dir}
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	start := time.Now()
	err := cmd.Run()
	took = time.Since(start)
	if ctx.Err() != nil {
		t.Fatalf("vextrus %v did not exit within %v", args, timeout)
	}
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), errOut.String(), code, took
}

func TestServeWithoutConfigurationFailsFastListingEverySetting(t *testing.T) {
	_, stderr, code, took := vextrus(t, 10*time.Second, "serve", "--target=all")
	if code == 0 {
		t.Fatal("serve without configuration exited 0")
	}
	if took > 2*time.Second {
		t.Errorf("took %v to fail, want under 2s", took)
	}
	for _, want := range []string{"VEXTRUS_DATABASE_URL", "VEXTRUS_DATABASE_APP_PASSWORD", "VEXTRUS_KAFKA_BROKERS", "VEXTRUS_TEMPORAL_ADDRESS"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("message does not name %s:\n%s", want, stderr)
		}
	}
	if n := strings.Count(stderr, "configuration has"); n != 1 {
		t.Errorf("want one message listing everything, got:\n%s", stderr)
	}
}

func TestListTargetsAndVersion(t *testing.T) {
	out, _, code, _ := vextrus(t, 10*time.Second, "serve", "--list-targets")
	if code != 0 || !strings.HasPrefix(out, "all") {
		t.Fatalf("exit %d, output:\n%s", code, out)
	}
	out, _, code, _ = vextrus(t, 10*time.Second, "version")
	if code != 0 || !strings.HasPrefix(out, "vextrus ") {
		t.Fatalf("exit %d, output %q", code, out)
	}
}

func TestConfigPrintRedactsSecretsAndMarksLiveSettings(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^$")
	cmd.Dir = t.TempDir()
	cmd.Env = []string{"VEXTRUS_TEST_RUN_MAIN=1", "VEXTRUS_TEST_ARGS=config print",
		"VEXTRUS_DATABASE_URL=postgres://admin:s3cret-pw@db:5432/vextrus"}
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(out), "s3cret-pw") || !strings.Contains(string(out), "VEXTRUS_DATABASE_URL=[redacted] # restart\n") {
		t.Fatalf("output:\n%s", out)
	}
	// Each line says whether a reload applies it.
	for _, want := range []string{"VEXTRUS_LOG_LEVEL=info # live\n", "VEXTRUS_GATEWAY_TENANT_RATE=2000 # live\n",
		"VEXTRUS_HTTP_ADDR=127.0.0.1:8080 # restart\n", "VEXTRUS_LOG_FORMAT=json # restart\n"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("no %q in:\n%s", want, out)
		}
	}
}
