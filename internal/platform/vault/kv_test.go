package vault_test

import (
	"context"
	"testing"
	"time"

	"github.com/hashicorp/vault/api"

	"github.com/vextrus/vextrus/internal/platform/testwait"
	"github.com/vextrus/vextrus/internal/platform/vault/vaulttest"
)

func TestPinnedVersionsStayAndTheLatestMoves(t *testing.T) {
	env := vaulttest.Start(t)
	path := secretPath(t)
	env.Put(t, path, map[string]any{"password": "one"})
	env.Put(t, path, map[string]any{"password": "two"})
	c := newClient(t, env, appRoleConfig(t, env, time.Hour, 0))
	for ref, want := range map[string]string{
		"secret/" + path + "?version=1#password": "one",
		"secret/" + path + "?version=2#password": "two",
		"secret/" + path + "#password":           "two",
	} {
		if got, err := c.Resolve(context.Background(), ref); err != nil || got != want {
			t.Errorf("%s = %q, %v; want %q", ref, got, err, want)
		}
	}
}

func TestCheckAndSetRefusesAWriteOverAVersionItDidNotSee(t *testing.T) {
	env := vaulttest.Start(t)
	path := secretPath(t)
	kv := env.Admin().KVv2(vaulttest.Mount)
	ctx := context.Background()
	if _, err := kv.Put(ctx, path, map[string]any{"v": "1"}, api.WithCheckAndSet(0)); err != nil {
		t.Fatalf("create with cas=0: %v", err)
	}
	if _, err := kv.Put(ctx, path, map[string]any{"v": "again"}, api.WithCheckAndSet(0)); err == nil {
		t.Fatal("cas=0 over an existing secret was accepted")
	}
	s, err := kv.Put(ctx, path, map[string]any{"v": "2"}, api.WithCheckAndSet(1))
	if err != nil || s.VersionMetadata.Version != 2 {
		t.Fatalf("cas=1 write = %+v, %v; want version 2", s, err)
	}
	if _, err := kv.Put(ctx, path, map[string]any{"v": "stale"}, api.WithCheckAndSet(1)); err == nil {
		t.Fatal("a write with a stale cas was accepted")
	}
	md, err := kv.GetMetadata(ctx, path)
	if err != nil || md.CurrentVersion != 2 || len(md.Versions) != 2 {
		t.Fatalf("metadata = %+v, %v; want current version 2 of 2", md, err)
	}
	got, err := kv.Get(ctx, path)
	if err != nil || got.Data["v"] != "2" {
		t.Fatalf("latest = %+v, %v; the refused writes changed it", got, err)
	}
}

func TestAWatchedSecretFollowsANewVersion(t *testing.T) {
	env := vaulttest.Start(t)
	path := secretPath(t)
	env.Put(t, path, map[string]any{"password": "old"})
	c := started(t, newClient(t, env, appRoleConfig(t, env, time.Hour, 0)))
	latest, err := c.Watch(context.Background(), "secret/"+path+"#password")
	if err != nil {
		t.Fatal(err)
	}
	pinned, err := c.Watch(context.Background(), "secret/"+path+"?version=1#password")
	if err != nil {
		t.Fatal(err)
	}
	env.Put(t, path, map[string]any{"password": "new"})
	testwait.For(t, 10*time.Second, "the watched secret at version 2", func() bool {
		if env.Mock != nil {
			env.Mock.Add(rotationCheck)
		}
		return latest.Version() == 2
	})
	if latest.Value() != "new" || pinned.Value() != "old" {
		t.Fatalf("latest = %q, pinned = %q; want new and old", latest.Value(), pinned.Value())
	}
}
