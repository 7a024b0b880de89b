package settings_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"testing"

	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/tenant"
	"github.com/vextrus/vextrus/internal/platform/tenantsettings"
	"github.com/vextrus/vextrus/internal/settings"
)

func TestTheFlagListIsTheCatalogWithTheTenantsStates(t *testing.T) {
	f := newFixture(t)
	tid := tenant.New()
	if _, err := f.svc.SetFlag(admin(tid), "notify.sms", tenantsettings.FlagState{Enabled: true, RolloutPercent: 100}, 0, "pilot"); err != nil {
		t.Fatal(err)
	}
	flags, err := f.svc.Flags(admin(tid))
	if err != nil || len(flags) != 2 {
		t.Fatalf("flags = %+v (%v)", flags, err)
	}
	mushak, sms := flags[0], flags[1]
	if mushak.Def.Key != "documents.bangla-mushak" || mushak.State != nil || mushak.Version != 0 || !mushak.Def.Default {
		t.Fatalf("unset flag = %+v", mushak)
	}
	if sms.Def.Key != "notify.sms" || sms.State == nil || !sms.State.Enabled || sms.State.RolloutBy != tenantsettings.ByUser ||
		sms.Version != 1 || sms.Reason != "pilot" {
		t.Fatalf("set flag = %+v", sms)
	}
	snap, err := f.svc.Snapshot(t.Context(), tid)
	if err != nil || snap.Flags["notify.sms"] != *sms.State || len(snap.Flags) != 1 {
		t.Fatalf("snapshot flags = %+v (%v)", snap.Flags, err)
	}
}

func TestIsEnabledFollowsTheStateDefaultRolloutAndKillSwitch(t *testing.T) {
	f := newFixture(t)
	tid := tenant.New()
	user := func(i int) (bool, error) {
		return f.svc.IsEnabled(as(tid, fmt.Sprintf("user-%d", i)), "notify.sms")
	}
	if on, err := user(1); err != nil || on {
		t.Fatalf("default off: %v %v", on, err)
	}
	if on, err := f.svc.IsEnabled(as(tid, "u"), "documents.bangla-mushak"); err != nil || !on {
		t.Fatalf("default on: %v %v", on, err)
	}
	set := func(st tenantsettings.FlagState, version int) {
		t.Helper()
		if _, err := f.svc.SetFlag(admin(tid), "notify.sms", st, version, "rollout"); err != nil {
			t.Fatal(err)
		}
	}
	count := func() int {
		n := 0
		for i := range 1000 {
			on, err := user(i)
			if err != nil {
				t.Fatal(err)
			}
			if on {
				n++
			}
		}
		return n
	}
	set(tenantsettings.FlagState{Enabled: true, RolloutPercent: 30}, 0)
	if n := count(); n < 250 || n > 350 {
		t.Fatalf("30%% rollout is on for %d of 1000 users", n)
	}
	set(tenantsettings.FlagState{Enabled: true, RolloutPercent: 30, Killed: true}, 1)
	if n := count(); n != 0 {
		t.Fatalf("killed flag is on for %d users", n)
	}
	set(tenantsettings.FlagState{Enabled: true, RolloutPercent: 100}, 2)
	if n := count(); n != 1000 {
		t.Fatalf("full rollout is on for %d of 1000 users", n)
	}
	if _, err := f.svc.IsEnabled(as(tid, "u"), "notify.fax"); errs.CodeOf(err) != errs.InvalidArgument || errs.As(err).Fields[0].Field != "flag" {
		t.Fatalf("unknown flag: %v", err)
	}
	if _, err := f.svc.IsEnabled(t.Context(), "notify.sms"); errs.CodeOf(err) != errs.Unauthenticated {
		t.Fatalf("anonymous: %v", err)
	}
}

func TestBadFlagChangesAreRefusedNamingEveryFieldAndNothingChanges(t *testing.T) {
	f := newFixture(t)
	tid := tenant.New()
	_, err := f.svc.SetFlag(admin(tid), "notify.fax", tenantsettings.FlagState{Enabled: true, RolloutPercent: 101, RolloutBy: "team"}, 0, "")
	e := errs.As(err)
	var fields []string
	for _, fe := range e.Fields {
		fields = append(fields, fe.Field)
	}
	if e.Code != errs.InvalidArgument || fmt.Sprint(fields) != "[key state.rolloutPercent state.rolloutBy reason]" {
		t.Fatalf("code %s fields %v", e.Code, fields)
	}
	if _, err := f.svc.SetFlag(admin(tid), "notify.sms", tenantsettings.FlagState{Enabled: true, RolloutPercent: 50}, 0, "half"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.SetFlag(admin(tid), "notify.sms", tenantsettings.FlagState{Enabled: true}, 0, "stale"); errs.CodeOf(err) != errs.Conflict {
		t.Fatalf("stale flag change: %v", err)
	}
	fl, err := f.svc.Flag(admin(tid), "notify.sms")
	if err != nil || fl.Version != 1 || fl.State.RolloutPercent != 50 {
		t.Fatalf("after refused changes: %+v (%v)", fl, err)
	}
	if n := len(f.outbox(t, tid, tenantsettings.EventFlagChanged)); n != 1 {
		t.Fatalf("%d flag events, want 1", n)
	}
}

func TestTheFlagEventCarriesOldNewAndReason(t *testing.T) {
	f := newFixture(t)
	tid := tenant.New()
	for i, pct := range []int{10, 40} {
		if _, err := f.svc.SetFlag(admin(tid), "notify.sms", tenantsettings.FlagState{Enabled: true, RolloutPercent: pct}, i, fmt.Sprintf("step %d", i+1)); err != nil {
			t.Fatal(err)
		}
	}
	evs := f.outbox(t, tid, tenantsettings.EventFlagChanged)
	if len(evs) != 2 {
		t.Fatalf("%d events", len(evs))
	}
	var p settings.FlagChanged
	if err := json.Unmarshal(evs[1].Data, &p); err != nil {
		t.Fatal(err)
	}
	if p.Key != "notify.sms" || p.Version != 2 || p.Old == nil || p.Old.RolloutPercent != 10 || p.New.RolloutPercent != 40 ||
		p.Reason != "step 2" || evs[1].Actor == "" || evs[1].Subject != tid.String() {
		t.Fatalf("event %+v %s", evs[1], evs[1].Data)
	}
}

func TestOneTenantsFlagsNeverReachAnother(t *testing.T) {
	f := newFixture(t)
	a, b := tenant.New(), tenant.New()
	if _, err := f.svc.SetFlag(admin(a), "notify.sms", tenantsettings.FlagState{Enabled: true, RolloutPercent: 100}, 0, "a only"); err != nil {
		t.Fatal(err)
	}
	if on, err := f.svc.IsEnabled(as(b, "u"), "notify.sms"); err != nil || on {
		t.Fatalf("b: %v %v", on, err)
	}
	if fl, err := f.svc.Flag(admin(b), "notify.sms"); err != nil || fl.State != nil {
		t.Fatalf("b sees a's state: %+v (%v)", fl, err)
	}
	if _, err := f.svc.SetFlag(as(b, "viewer", settings.PermFlagRead), "notify.sms", tenantsettings.FlagState{}, 0, "no right"); errs.CodeOf(err) != errs.PermissionDenied {
		t.Fatalf("reader sets a flag: %v", err)
	}
}

func TestSystemRolesHoldTheSettingsPermissionsTheyNeed(t *testing.T) {
	grants := map[string][]string{
		authz.RoleOwner:      {settings.PermTenantRead, settings.PermTenantWrite, settings.PermFlagRead, settings.PermFlagWrite},
		authz.RoleAdmin:      {settings.PermTenantRead, settings.PermTenantWrite, settings.PermFlagRead, settings.PermFlagWrite},
		authz.RoleAccountant: {settings.PermTenantRead, settings.PermFlagRead},
		authz.RoleApprover:   {settings.PermTenantRead, settings.PermFlagRead},
		authz.RoleViewer:     {settings.PermTenantRead, settings.PermFlagRead},
	}
	for _, role := range authz.SystemRoles {
		for _, p := range settings.Permissions {
			want := slices.Contains(grants[role.Name], p.Name)
			if got := authz.Grants(role.Patterns, p.Name); got != want {
				t.Errorf("%s holds %s: %t, want %t", role.Name, p.Name, got, want)
			}
		}
	}
}

// lateSource is the service as the cache's source, set once the service
// (which needs the cache) exists.
type lateSource struct{ svc *settings.Service }

func (l *lateSource) Snapshot(ctx context.Context, t tenant.ID) (*tenantsettings.Snapshot, error) {
	return l.svc.Snapshot(ctx, t)
}

// TestTheWritingProcessReadsItsOwnFlagChangeAtOnce: with the process's
// cache, isEnabled answers from it like any process, and the writer's own
// cache forgets the tenant when the change commits, before any event.
func TestTheWritingProcessReadsItsOwnFlagChangeAtOnce(t *testing.T) {
	f := newFixture(t)
	src := &lateSource{}
	cache := tenantsettings.NewClient(src, f.svc.Catalog(), tenantsettings.ClientOptions{})
	outbox, err := events.NewOutbox("settings")
	if err != nil {
		t.Fatal(err)
	}
	svc, err := settings.New(settings.Deps{DB: f.db.App, Events: outbox, Flags: f.svc.Catalog(), Cache: cache})
	if err != nil {
		t.Fatal(err)
	}
	src.svc = svc
	tid := tenant.New()
	if on, err := svc.IsEnabled(as(tid, "u1"), "notify.sms"); err != nil || on {
		t.Fatalf("before: %v %v, want the default off", on, err)
	}
	if _, err := svc.SetFlag(admin(tid), "notify.sms", tenantsettings.FlagState{Enabled: true, RolloutPercent: 100},
		settings.AnyVersion, "pilot"); err != nil {
		t.Fatal(err)
	}
	if on, err := svc.IsEnabled(as(tid, "u1"), "notify.sms"); err != nil || !on {
		t.Fatalf("after the writer's own change: %v %v, want on", on, err)
	}
	if _, err := svc.IsEnabled(as(tid, "u1"), "no.such-flag"); errs.CodeOf(err) != errs.InvalidArgument {
		t.Fatalf("unknown flag through the cache: %v", err)
	}
}

// TestAResetFlagFollowsTheDefaultAndKeepsCountingVersions: a reset removes
// the tenant's state (the catalog's default applies again, in the snapshot
// too), publishes the old state and a null new one, and the version goes
// on, so an If-Match from before the reset cannot match a later state.
func TestAResetFlagFollowsTheDefaultAndKeepsCountingVersions(t *testing.T) {
	f := newFixture(t)
	tid := tenant.New()
	on := tenantsettings.FlagState{Enabled: true, RolloutPercent: 100}
	if _, err := f.svc.SetFlag(admin(tid), "notify.sms", on, 0, "pilot"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.ResetFlag(admin(tid), "notify.sms", 0, "stale"); errs.CodeOf(err) != errs.Conflict {
		t.Fatalf("a reset from a stale version: %v", err)
	}
	_, err := f.svc.ResetFlag(admin(tid), "notify.fax", 1, "")
	if e := errs.As(err); e.Code != errs.InvalidArgument || len(e.Fields) != 2 || e.Fields[0].Field != "key" || e.Fields[1].Field != "reason" {
		t.Fatalf("bad reset: %+v", e)
	}
	fl, err := f.svc.ResetFlag(admin(tid), "notify.sms", 1, "pilot over")
	if err != nil || fl.State != nil || fl.Version != 2 || fl.Reason != "pilot over" {
		t.Fatalf("reset: %+v (%v)", fl, err)
	}
	if on, err := f.svc.IsEnabled(as(tid, "u1"), "notify.sms"); err != nil || on {
		t.Fatalf("after the reset the default (off) applies: %v %v", on, err)
	}
	snap, err := f.svc.Snapshot(context.Background(), tid)
	if err != nil || len(snap.Flags) != 0 {
		t.Fatalf("snapshot after the reset: %+v (%v)", snap.Flags, err)
	}
	if again, err := f.svc.ResetFlag(admin(tid), "notify.sms", 2, "again"); err != nil || again.Version != 2 {
		t.Fatalf("a reset of a flag on its default changes nothing: %+v (%v)", again, err)
	}
	evs := f.outbox(t, tid, tenantsettings.EventFlagChanged)
	var p settings.FlagChanged
	if len(evs) != 2 || json.Unmarshal(evs[1].Data, &p) != nil || p.Old == nil || p.New != nil || p.Version != 2 {
		t.Fatalf("events %d, last %s", len(evs), evs[len(evs)-1].Data)
	}
	if _, err := f.svc.SetFlag(admin(tid), "notify.sms", on, 1, "from before the reset"); errs.CodeOf(err) != errs.Conflict {
		t.Fatalf("a state from before the reset: %v", err)
	}
	if fl, err := f.svc.SetFlag(admin(tid), "notify.sms", on, 2, "pilot again"); err != nil || fl.Version != 3 || fl.State == nil {
		t.Fatalf("set after the reset: %+v (%v)", fl, err)
	}
}
