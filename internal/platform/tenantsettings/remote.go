package tenantsettings

import (
	"context"
	"net/http"

	"github.com/vextrus/vextrus/internal/platform/svcclient"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// SnapshotPattern is the route of a tenant's snapshot on the settings
// service's internal listener (never the public one: it answers any
// tenant's settings to a caller the network already trusts, as a process
// of the platform, see docs/security.md).
const SnapshotPattern = "GET /internal/settings/snapshot/{tenant}"

// RemoteSource reads snapshots from the settings service in another
// process, through c (its internal listener, with the client's resilience
// policy).
func RemoteSource(c *svcclient.Client) Source { return remote{c} }

type remote struct{ c *svcclient.Client }

func (r remote) Snapshot(ctx context.Context, t tenant.ID) (*Snapshot, error) {
	var s Snapshot
	if err := r.c.Do(ctx, http.MethodGet, "/internal/settings/snapshot/"+t.String(), nil, &s, svcclient.ReadOnly()); err != nil {
		return nil, err
	}
	return &s, nil
}
