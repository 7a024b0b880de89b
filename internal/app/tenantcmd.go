package app

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/vextrus/vextrus/internal/auth"
	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/config"
	"github.com/vextrus/vextrus/internal/platform/db"
)

// OwnerPasswordEnv gives `vextrus tenant create` the first owner's
// password without putting it on the command line.
const OwnerPasswordEnv = "VEXTRUS_OWNER_PASSWORD"

// tenantCommand is the platform administrator's command line: whoever can
// run it with the database credentials provisions and suspends tenants.
func tenantCommand(load loader, out io.Writer) *cobra.Command {
	cmd := &cobra.Command{Use: "tenant", Short: "Create, suspend and reactivate tenants (platform administrators)"}
	var in auth.NewTenant
	var ownerEmail, ownerName string
	create := &cobra.Command{
		Use:   "create",
		Short: "Create a tenant and, with --owner-email, its first owner",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return withAuth(cmd.Context(), load, func(ctx context.Context, svc *auth.Service) error {
				if ownerEmail == "" {
					t, err := svc.CreateTenant(ctx, in)
					if err == nil {
						fmt.Fprintf(out, "tenant %s created: id %s\n", t.Slug, t.ID)
					}
					return err
				}
				password, generated := os.Getenv(OwnerPasswordEnv), false
				if password == "" {
					buf := make([]byte, 18)
					_, _ = rand.Read(buf)
					password, generated = base64.RawURLEncoding.EncodeToString(buf), true
				}
				if ownerName == "" {
					ownerName = ownerEmail
				}
				// One transaction: a password the policy refuses leaves no
				// ownerless tenant behind.
				t, u, err := svc.CreateTenantWithOwner(ctx, in, auth.NewUser{Email: ownerEmail, Name: ownerName}, password)
				if err != nil {
					return err
				}
				fmt.Fprintf(out, "tenant %s created: id %s\nowner %s created: id %s\n", t.Slug, t.ID, u.Email, u.ID)
				if generated {
					fmt.Fprintf(out, "generated password (shown once): %s\n", password)
				}
				return nil
			})
		},
	}
	f := create.Flags()
	f.StringVar(&in.Slug, "slug", "", "login name of the tenant (required)")
	f.StringVar(&in.Name, "name", "", "legal name (required)")
	f.StringVar(&in.NameBn, "name-bn", "", "name in Bangla")
	f.StringVar(&in.BIN, "bin", "", "13-digit BIN")
	f.StringVar(&in.TIN, "tin", "", "12-digit e-TIN")
	f.StringVar(&in.Timezone, "timezone", "Asia/Dhaka", "IANA time zone")
	f.StringVar(&in.Locale, "locale", "bn-BD", "bn-BD, en-BD or en")
	f.StringVar(&ownerEmail, "owner-email", "", "email of the first owner; password from $"+OwnerPasswordEnv+" or generated")
	f.StringVar(&ownerName, "owner-name", "", "name of the first owner")
	cmd.AddCommand(create, statusCommand(load, out, "suspend", auth.TenantSuspended), statusCommand(load, out, "reactivate", auth.TenantActive))
	return cmd
}

func statusCommand(load loader, out io.Writer, verb, status string) *cobra.Command {
	return &cobra.Command{
		Use:   verb + " <slug>",
		Short: "Set a tenant's status to " + status,
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withAuth(cmd.Context(), load, func(ctx context.Context, svc *auth.Service) error {
				id, _, err := svc.TenantBySlug(ctx, args[0])
				if err != nil {
					return fmt.Errorf("tenant %s: %w", args[0], err)
				}
				t, err := svc.SetTenantStatus(ctx, id, status)
				if err == nil {
					fmt.Fprintf(out, "tenant %s is %s\n", t.Slug, t.Status)
				}
				return err
			})
		},
	}
}

// withAuth runs fn with an auth service on the configured database.
func withAuth(ctx context.Context, load loader, fn func(context.Context, *auth.Service) error) error {
	cfg, err := load(ctx, Serve)
	if err != nil {
		return err
	}
	k := &config.Checker{}
	checkDatabase(&cfg, k)
	if err := k.Problems().Err(); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	pool, err := db.Open(ctx, cfg.Database.AppDSN(), db.Options{MaxConns: 2})
	if err != nil {
		return err
	}
	defer pool.Close()
	reg := authz.NewRegistry()
	if err := reg.Register(auth.Permissions...); err != nil {
		return err
	}
	outbox, err := eventsOutbox()
	if err != nil {
		return err
	}
	svc, err := auth.New(auth.Deps{DB: pool, Events: outbox, Config: cfg.Auth, Permissions: reg})
	if err != nil {
		return err
	}
	return fn(ctx, svc)
}
