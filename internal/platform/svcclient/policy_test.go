package svcclient_test

import (
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/svcclient"
)

func TestPolicyFromYAML(t *testing.T) {
	doc := `
masterdata:
  timeout: 750ms
  retries: 4
  breaker_open_for: 30s
rules:
  retries: -1
  max_concurrent: 8
`
	var policies map[string]svcclient.Policy
	if err := yaml.Unmarshal([]byte(doc), &policies); err != nil {
		t.Fatalf("unmarshal: %v", err)
	}
	md := policies["masterdata"].WithDefaults()
	want := svcclient.DefaultPolicy()
	want.Timeout, want.Retries, want.BreakerOpenFor = 750*time.Millisecond, 4, 30*time.Second
	if md != want {
		t.Errorf("masterdata = %+v, want %+v", md, want)
	}
	rules := policies["rules"].WithDefaults()
	if rules.Retries != -1 || rules.MaxConcurrent != 8 || rules.Timeout != 5*time.Second {
		t.Errorf("rules = %+v, want retries off, 8 concurrent, default timeout", rules)
	}

	out, err := yaml.Marshal(map[string]svcclient.Policy{"masterdata": md})
	if err != nil {
		t.Fatalf("marshal: %v", err)
	}
	var back map[string]svcclient.Policy
	if err := yaml.Unmarshal(out, &back); err != nil || back["masterdata"] != md {
		t.Errorf("round trip = %+v (%v), want %+v from\n%s", back["masterdata"], err, md, out)
	}
}

func TestPolicyRejectsBareNumbersForDurations(t *testing.T) {
	var p svcclient.Policy
	if err := yaml.Unmarshal([]byte("timeout: 5\n"), &p); err == nil {
		t.Fatalf("timeout: 5 accepted as %s; a unit must be required", p.Timeout)
	}
}

func TestPolicyValidate(t *testing.T) {
	if err := (svcclient.Policy{}).Validate(); err != nil {
		t.Fatalf("defaults invalid: %v", err)
	}
	bad := svcclient.Policy{Timeout: -time.Second, BackoffBase: 2 * time.Second, MaxConcurrent: -1}
	e := wantCode(t, bad.Validate(), errs.InvalidArgument)
	got := map[string]bool{}
	for _, f := range e.Fields {
		got[f.Field] = true
	}
	for _, f := range []string{"timeout", "backoff_max", "max_concurrent"} {
		if !got[f] {
			t.Errorf("no error for %s in %+v", f, e.Fields)
		}
	}
}
