package masterdata_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/masterdata"
	"github.com/vextrus/vextrus/internal/platform/tenant"
	"github.com/vextrus/vextrus/internal/platform/testwait"
)

// leftRunning writes the job a process leaves behind when it is killed
// mid-import: running, part-way through, its lease renewed last at
// leaseUntil less the lease. It returns the job's id.
func leftRunning(tb testing.TB, e *env, c *caller, leaseUntil string) uuid.UUID {
	tb.Helper()
	id := uuid.Must(uuid.NewV7())
	_, err := e.db.Admin.Exec(context.Background(), `insert into masterdata.import_jobs
			(tenant_id, id, resource, status, total, processed, created, created_by, created_at, lease_until)
		values ($1, $2, 'customers', 'running', 5000, 2000, 2000, $3, now() - interval '5 minutes', now() + $4::interval)`,
		c.tenant.UUID(), id, c.user, leaseUntil)
	if err != nil {
		tb.Fatal(err)
	}
	return id
}

func TestAnImportWhoseProcessDiedIsFailedAsInterrupted(t *testing.T) {
	e := newEnv(t)
	c := e.newCaller(tenant.New())
	dead := leftRunning(t, e, c, "-1 second")
	alive := leftRunning(t, e, c, "1 minute")
	job := func(id uuid.UUID) masterdata.ImportJob {
		var j masterdata.ImportJob
		res := c.Do("GET", "/api/v1/masterdata/imports/"+id.String(), nil)
		if res.Status != http.StatusOK {
			t.Fatalf("read job: %d %s", res.Status, res.Raw)
		}
		res.Decode(t, &j)
		return j
	}

	// The process starting again (or any other) runs the recovery.
	imports := e.svc.Imports("masterdata-imports")
	if err := imports.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = imports.Stop(context.Background()) })
	testwait.For(t, 10*time.Second, "the dead runner's job to stop running", func() bool {
		return job(dead).Status != "running"
	})

	got := job(dead)
	if got.Status != "failed" || got.Reason != masterdata.ReasonInterrupted || got.FinishedAt == nil ||
		got.Processed != 2000 || got.Created != 2000 {
		t.Errorf("dead runner's job: %+v, want failed, interrupted, finished, its progress kept", got)
	}
	if j := job(alive); j.Status != "running" || j.Reason != "" {
		t.Errorf("job whose runner holds its lease: %+v, want still running", j)
	}

	t.Run("importing the file again finishes the work", func(t *testing.T) {
		res := c.Do("POST", "/api/v1/masterdata/customers/import?wait=true", customersCSV(t, 3), "Content-Type", "text/csv")
		var again masterdata.ImportJob
		res.Decode(t, &again)
		if again.Status != "succeeded" || again.Reason != "" || again.Created != 3 {
			t.Fatalf("new import: %+v", again)
		}
	})
}
