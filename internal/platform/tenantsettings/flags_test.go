package tenantsettings_test

import (
	"fmt"
	"testing"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/tenantsettings"
)

const key = "notify.sms"

func users(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = uuid.Must(uuid.NewV7()).String()
	}
	return out
}

func onFor(st tenantsettings.FlagState, tenantID string, us []string) map[string]bool {
	on := map[string]bool{}
	for _, u := range us {
		if st.On(key, tenantID, u) {
			on[u] = true
		}
	}
	return on
}

func TestAPercentageRolloutPicksThatShareOfUsersAndTheSameOnesEachTime(t *testing.T) {
	us := users(10000)
	st := tenantsettings.FlagState{Enabled: true, RolloutPercent: 30, RolloutBy: tenantsettings.ByUser}
	first := onFor(st, "t1", us)
	if n := len(first); n < 2700 || n > 3300 {
		t.Fatalf("30%% rollout is on for %d of 10,000 users", n)
	}
	if again := onFor(st, "t1", us); fmt.Sprint(len(again)) != fmt.Sprint(len(first)) {
		t.Fatalf("second evaluation: %d users, first %d", len(again), len(first))
	} else {
		for u := range first {
			if !again[u] {
				t.Fatalf("user %s was on and is now off", u)
			}
		}
	}
	// Widening the rollout keeps everyone who had it.
	wider := onFor(tenantsettings.FlagState{Enabled: true, RolloutPercent: 60}, "t1", us)
	for u := range first {
		if !wider[u] {
			t.Fatalf("user %s lost the flag when the rollout grew to 60%%", u)
		}
	}
	// Another flag's 30 % is other users.
	other := 0
	for _, u := range us {
		if st.On("documents.bangla-mushak", "t1", u) && first[u] {
			other++
		}
	}
	if other > 1300 { // independent draws overlap on about 9 %
		t.Fatalf("two flags at 30%% share %d users: the buckets are not independent", other)
	}
}

func TestTheKillSwitchTurnsAFlagOffForEveryoneAndLiftingItRestoresTheRollout(t *testing.T) {
	us := users(1000)
	st := tenantsettings.FlagState{Enabled: true, RolloutPercent: 100}
	if len(onFor(st, "t1", us)) != 1000 {
		t.Fatal("a 100% rollout is not on for everyone")
	}
	st.Killed = true
	if n := len(onFor(st, "t1", us)); n != 0 {
		t.Fatalf("killed flag on for %d users", n)
	}
	st.RolloutPercent = 30
	before := onFor(tenantsettings.FlagState{Enabled: true, RolloutPercent: 30}, "t1", us)
	st.Killed = false
	after := onFor(st, "t1", us)
	if len(after) != len(before) {
		t.Fatalf("after the kill switch: %d users, before %d", len(after), len(before))
	}
}

func TestFlagEvaluationPaths(t *testing.T) {
	def := tenantsettings.FlagDef{Key: key, Default: true}
	cases := []struct {
		name   string
		states map[string]tenantsettings.FlagState
		user   string
		want   bool
	}{
		{"no tenant state takes the default", nil, "u1", true},
		{"disabled", map[string]tenantsettings.FlagState{key: {Enabled: false, RolloutPercent: 100}}, "u1", false},
		{"enabled at 100", map[string]tenantsettings.FlagState{key: {Enabled: true, RolloutPercent: 100}}, "u1", true},
		{"enabled at 0", map[string]tenantsettings.FlagState{key: {Enabled: true, RolloutPercent: 0}}, "u1", false},
		{"killed", map[string]tenantsettings.FlagState{key: {Enabled: true, RolloutPercent: 100, Killed: true}}, "u1", false},
		{"another flag's state does not apply", map[string]tenantsettings.FlagState{"x.y": {Enabled: false}}, "u1", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := tenantsettings.Evaluate(def, tc.states, "t1", tc.user); got != tc.want {
				t.Fatalf("got %v", got)
			}
		})
	}
	t.Run("by tenant picks all of a tenant's users or none", func(t *testing.T) {
		st := tenantsettings.FlagState{Enabled: true, RolloutPercent: 50, RolloutBy: tenantsettings.ByTenant}
		tenantsOn := 0
		for _, tid := range users(400) {
			n := len(onFor(st, tid, users(20)))
			if n != 0 && n != 20 {
				t.Fatalf("tenant %s: %d of 20 users", tid, n)
			}
			if n == 20 {
				tenantsOn++
			}
		}
		if tenantsOn < 140 || tenantsOn > 260 {
			t.Fatalf("50%% of 400 tenants: %d", tenantsOn)
		}
	})
	t.Run("a user rollout without a user decides by tenant", func(t *testing.T) {
		byUser := tenantsettings.FlagState{Enabled: true, RolloutPercent: 50}
		byTenant := tenantsettings.FlagState{Enabled: true, RolloutPercent: 50, RolloutBy: tenantsettings.ByTenant}
		on := 0
		for _, tid := range users(200) {
			got := byUser.On(key, tid, "")
			if got != byTenant.On(key, tid, "someone") {
				t.Fatalf("tenant %s: without a user %v, by tenant %v", tid, got, !got)
			}
			if got {
				on++
			}
		}
		if on == 0 || on == 200 {
			t.Fatalf("on for %d of 200 tenants: the tenant id is not what decides", on)
		}
	})
}

func TestBadFlagInputNamesTheField(t *testing.T) {
	st := tenantsettings.FlagState{Enabled: true, RolloutPercent: 101, RolloutBy: "department"}
	if got := fields(t, st.Validate()); fmt.Sprint(got) != "[rolloutBy rolloutPercent]" {
		t.Fatalf("fields %v", got)
	}
	cat, err := tenantsettings.NewCatalog(tenantsettings.FlagDef{Key: key})
	if err != nil {
		t.Fatal(err)
	}
	if err := cat.Known("key", "no.such-flag"); errs.CodeOf(err) != errs.InvalidArgument || errs.As(err).Fields[0].Field != "key" {
		t.Fatalf("unknown flag: %v", err)
	}
	if _, err := tenantsettings.NewCatalog(tenantsettings.FlagDef{Key: "Bad Key"}); errs.CodeOf(err) != errs.InvalidArgument {
		t.Fatalf("bad catalog key: %v", err)
	}
	if err := cat.Replace(tenantsettings.FlagDef{Key: "a.b"}, tenantsettings.FlagDef{Key: "a.b"}); err == nil {
		t.Fatal("a key declared twice was accepted")
	}
	if _, ok := cat.Lookup(key); !ok {
		t.Fatal("a refused Replace changed the catalog")
	}
}
