package db

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/jackc/pgx/v5"
)

// The two roles of DESIGN §4. Both are cluster-wide.
const (
	// OwnerRole owns every schema, table and function; migrations run as it.
	// It cannot log in: an admin reaches it with SET ROLE.
	OwnerRole = "vextrus_owner"
	// AppRole is what services connect as: it can log in, is no superuser,
	// cannot bypass row-level security and owns nothing, so FORCE ROW LEVEL
	// SECURITY and the tenant policies always apply to it.
	AppRole = "vextrus_app"
)

// bootstrapLock serialises concurrent bootstraps (replicas starting together,
// parallel test processes) on one cluster.
const bootstrapLock = 0x7665787472757301 // "vextrus" + 1

// Bootstrap creates OwnerRole and AppRole when missing, makes the admin of
// adminURL a member of OwnerRole so it can run migrations as it, and, when
// appPassword is not empty, sets AppRole's password. It is idempotent. It
// fails when AppRole exists with privileges that would defeat row-level
// security.
func Bootstrap(ctx context.Context, adminURL, appPassword string) error {
	conn, err := pgx.Connect(ctx, adminURL)
	if err != nil {
		return fmt.Errorf("bootstrap: connect: %w", err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	err = pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "select pg_advisory_xact_lock($1)", int64(bootstrapLock)); err != nil {
			return fmt.Errorf("lock: %w", err)
		}
		stmts := []string{
			createRole(OwnerRole, "NOLOGIN"),
			createRole(AppRole, "LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE INHERIT"),
			fmt.Sprintf(`DO $$ BEGIN
  IF NOT pg_has_role(current_user, '%[1]s', 'MEMBER') THEN
    GRANT %[1]s TO CURRENT_USER;
  END IF;
END $$`, OwnerRole),
		}
		for _, s := range stmts {
			if _, err := tx.Exec(ctx, s); err != nil {
				return err
			}
		}
		if appPassword != "" {
			var stmt string
			err := tx.QueryRow(ctx, "select format('ALTER ROLE %I PASSWORD %L', $1::text, $2::text)", AppRole, appPassword).Scan(&stmt)
			if err != nil {
				return fmt.Errorf("quote password: %w", err)
			}
			if _, err := tx.Exec(ctx, stmt); err != nil {
				return fmt.Errorf("set app password: %w", err)
			}
		}
		return checkAppRole(ctx, tx)
	})
	if err != nil {
		return fmt.Errorf("bootstrap: %w", err)
	}
	return nil
}

// createRole creates a role unless it exists. CREATE ROLE has no IF NOT
// EXISTS, and Bootstrap never alters an existing role: changing SUPERUSER or
// BYPASSRLS needs a superuser, which managed databases do not give.
func createRole(name, attrs string) string {
	return fmt.Sprintf(`DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '%[1]s') THEN
    CREATE ROLE %[1]s %[2]s;
  END IF;
END $$`, name, attrs)
}

// checkAppRole refuses an app role that could see every tenant's rows.
func checkAppRole(ctx context.Context, tx pgx.Tx) error {
	var super, bypass, login, owner bool
	err := tx.QueryRow(ctx, `select rolsuper, rolbypassrls, rolcanlogin, pg_has_role($1, $2, 'MEMBER')
		from pg_roles where rolname = $1`, AppRole, OwnerRole).Scan(&super, &bypass, &login, &owner)
	if err != nil {
		return fmt.Errorf("inspect %s: %w", AppRole, err)
	}
	switch {
	case super || bypass:
		return fmt.Errorf("role %s is superuser or has BYPASSRLS; row-level security would not apply to it", AppRole)
	case owner:
		return fmt.Errorf("role %s is a member of %s; it would own the tables and escape forced row-level security", AppRole, OwnerRole)
	case !login:
		return fmt.Errorf("role %s cannot log in", AppRole)
	}
	return nil
}

// AppURL derives the application DSN from the admin DSN: same host, port,
// database and options, user AppRole with appPassword. It accepts URL and
// keyword/value DSNs.
func AppURL(adminURL, appPassword string) string {
	if u, err := url.Parse(adminURL); err == nil && (u.Scheme == "postgres" || u.Scheme == "postgresql") {
		if appPassword == "" {
			u.User = url.User(AppRole)
		} else {
			u.User = url.UserPassword(AppRole, appPassword)
		}
		return u.String()
	}
	// Later keywords win in a keyword/value DSN.
	quote := strings.NewReplacer(`\`, `\\`, `'`, `\'`)
	dsn := strings.TrimSpace(adminURL) + " user=" + AppRole
	if appPassword != "" {
		dsn += " password='" + quote.Replace(appPassword) + "'"
	}
	return strings.TrimSpace(dsn)
}
