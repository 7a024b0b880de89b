package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/vextrus/vextrus/internal/audit"
	"github.com/vextrus/vextrus/internal/audit/graph"
	"github.com/vextrus/vextrus/internal/platform/config"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/graphqlx"
	"github.com/vextrus/vextrus/internal/platform/lifecycle"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// Audit is the audit module's name.
const Audit = "audit"

// initAudit runs the audit log: its REST API and GraphQL subgraph, the
// consumer of every service's events, retention pruning, and the relay of
// its own outbox (chain verifications are audited too).
func (a *App) initAudit(context.Context) (lifecycle.Service, error) {
	if err := a.Permissions.Register(audit.Permissions...); err != nil {
		return nil, err
	}
	outbox, err := events.NewOutbox(Audit)
	if err != nil {
		return nil, err
	}
	svc, err := audit.New(audit.Deps{DB: a.DB, Events: outbox, Metrics: a.Registry, Config: a.Config.Audit,
		Logger: a.Logger.With("module", Audit), Zones: a.TenantSettings})
	if err != nil {
		return nil, err
	}
	svc.Routes(a.Mux)
	a.mountSubgraph("/graphql/audit", graph.Handler(svc, graphqlx.Options{Introspection: a.Mode == Dev}))
	consumer, err := svc.Consumer(a.Pipeline, a.topicConfig())
	if err != nil {
		return nil, err
	}
	return a.group(Audit, a.newRelay(outbox), consumer, svc.Pruner()), nil
}

// auditCommand is the operator's `vextrus audit verify --tenant <id>`: it
// walks any tenant's chain with the database credentials, a cross-tenant
// path listed in docs/security.md. It fails when the chain is broken.
func auditCommand(load loader, out io.Writer) *cobra.Command {
	cmd := &cobra.Command{Use: "audit", Short: "Operate on the audit log"}
	var tenantID string
	verify := &cobra.Command{
		Use:   "verify",
		Short: "Walk a tenant's audit hash chain and name the first broken entry",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			tid, err := tenant.Parse(tenantID)
			if err != nil {
				return fmt.Errorf("--tenant: %w", err)
			}
			cfg, err := load(cmd.Context(), Serve)
			if err != nil {
				return err
			}
			k := &config.Checker{}
			checkDatabase(&cfg, k)
			if err := k.Problems().Err(); err != nil {
				return err
			}
			ctx, cancel := context.WithTimeout(cmd.Context(), 10*time.Minute)
			defer cancel()
			pool, err := db.Open(ctx, cfg.Database.AppDSN(), db.Options{MaxConns: 2})
			if err != nil {
				return err
			}
			defer pool.Close()
			outbox, err := events.NewOutbox(Audit)
			if err != nil {
				return err
			}
			svc, err := audit.New(audit.Deps{DB: pool, Events: outbox, Config: cfg.Audit})
			if err != nil {
				return err
			}
			res, err := svc.VerifyTenant(tenant.With(ctx, tid))
			if err != nil {
				return err
			}
			enc := json.NewEncoder(out)
			enc.SetIndent("", "  ")
			if err := enc.Encode(audit.ToVerifyJSON(res)); err != nil {
				return err
			}
			if !res.OK {
				return errors.New("audit chain is broken")
			}
			return nil
		},
	}
	verify.Flags().StringVar(&tenantID, "tenant", "", "tenant id whose chain to verify")
	_ = verify.MarkFlagRequired("tenant")
	cmd.AddCommand(verify)
	return cmd
}
