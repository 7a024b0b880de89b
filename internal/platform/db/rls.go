package db

import (
	"context"
	"fmt"
	"strings"
)

// TenantPredicate is the row filter of the tenant policy: NULLIF turns the
// empty value a pooled connection carries outside a tenant transaction into
// NULL, which matches no row, instead of a uuid cast error.
const TenantPredicate = "tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid"

// TenantRLS returns the statements that put a tenant-owned table under the
// convention, for migrations to copy:
//
//	ALTER TABLE orders ENABLE ROW LEVEL SECURITY; ...
func TenantRLS(table string) string {
	return fmt.Sprintf(`ALTER TABLE %[1]s ENABLE ROW LEVEL SECURITY;
ALTER TABLE %[1]s FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON %[1]s USING (%[2]s) WITH CHECK (%[2]s);
`, table, TenantPredicate)
}

// RLSProblem is one way a tenant-owned table breaks the convention.
type RLSProblem struct {
	Schema, Table string
	Problem       string
}

func (p RLSProblem) String() string { return p.Schema + "." + p.Table + ": " + p.Problem }

// CheckRLS inspects the catalog and reports every table in schemas that has a
// tenant_id column but is not protected: tenant_id not `uuid not null`, row
// level security not enabled or not forced, no policy for all commands whose
// USING and WITH CHECK restrict tenant_id to app.tenant_id, or a permissive
// policy applying to AppRole (or PUBLIC) that does not so restrict, since
// permissive policies are OR-ed and one of them opens the table. Policies
// granted only to other roles, such as OwnerRole's in SECURITY DEFINER
// functions, are the explicit cross-tenant paths and are not reported.
func CheckRLS(ctx context.Context, q Querier, schemas ...string) ([]RLSProblem, error) {
	rows, err := q.Query(ctx, `
		select n.nspname::text, c.relname::text, c.relrowsecurity, c.relforcerowsecurity,
		       a.attnotnull and a.atttypid = 'uuid'::regtype,
		       coalesce(p.polname::text, ''), coalesce(p.polcmd::text, ''), coalesce(p.polpermissive, false),
		       coalesce(0 = any(p.polroles) or (select oid from pg_roles where rolname = $2) = any(p.polroles), false),
		       coalesce(pg_get_expr(p.polqual, p.polrelid), ''),
		       coalesce(pg_get_expr(p.polwithcheck, p.polrelid), '')
		from pg_class c
		join pg_namespace n on n.oid = c.relnamespace
		join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped
		left join pg_policy p on p.polrelid = c.oid
		where c.relkind in ('r', 'p') and n.nspname = any($1)
		order by 1, 2, 6`, schemas, AppRole)
	if err != nil {
		return nil, fmt.Errorf("check rls: %w", err)
	}
	defer rows.Close()
	type table struct {
		schema, name             string
		enabled, forced, typedOK bool
		isolated                 bool
		leaks                    []string
	}
	var tables []*table
	for rows.Next() {
		var t table
		var policy, cmd, qual, check string
		var permissive, forApp bool
		if err := rows.Scan(&t.schema, &t.name, &t.enabled, &t.forced, &t.typedOK,
			&policy, &cmd, &permissive, &forApp, &qual, &check); err != nil {
			return nil, fmt.Errorf("check rls: %w", err)
		}
		last := len(tables) - 1
		if last < 0 || tables[last].schema != t.schema || tables[last].name != t.name {
			tables = append(tables, &t)
			last++
		}
		cur := tables[last]
		switch {
		case policy == "" || !forApp:
		case cmd == "*" && restricts(qual) && (check == "" || restricts(check)):
			// WITH CHECK defaults to USING for a policy without one.
			cur.isolated = true
		case permissive && ((qual != "" && !restricts(qual)) || (check != "" && !restricts(check))):
			cur.leaks = append(cur.leaks, policy)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("check rls: %w", err)
	}
	var problems []RLSProblem
	for _, t := range tables {
		add := func(format string, args ...any) {
			problems = append(problems, RLSProblem{Schema: t.schema, Table: t.name, Problem: fmt.Sprintf(format, args...)})
		}
		if !t.typedOK {
			add("tenant_id is not uuid not null")
		}
		if !t.enabled {
			add("row level security is not enabled")
		}
		if !t.forced {
			add("row level security is not forced, so the table owner bypasses it")
		}
		if !t.isolated {
			add("no policy for all commands restricts tenant_id to app.tenant_id in USING and WITH CHECK")
		}
		for _, p := range t.leaks {
			add("permissive policy %s does not restrict tenant_id to app.tenant_id", p)
		}
	}
	return problems, nil
}

// restricts reports whether a policy expression, as pg_get_expr prints it,
// compares tenant_id with app.tenant_id and has no OR that could open it up.
// It is a guard against mistakes, not a proof.
func restricts(expr string) bool {
	return strings.Contains(expr, "tenant_id = ") && strings.Contains(expr, "'app.tenant_id'") &&
		!strings.Contains(expr, " OR ")
}
