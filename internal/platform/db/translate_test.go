package db_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

func TestTranslateRealViolations(t *testing.T) {
	t.Parallel()
	d := newDB(t)
	ctx := as(tenant.New())
	customer := addCustomer(t, ctx, d.App, "000111222-0101")
	err := d.App.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		_, err := tx.Exec(ctx, `insert into shop.orders (tenant_id, customer_id) values ($1::uuid, $2::uuid)`,
			tx.Tenant().String(), customer)
		return err
	})
	if err != nil {
		t.Fatalf("add order: %v", err)
	}

	cases := []struct {
		name  string
		sql   string
		args  []any
		code  errs.Code
		field string
	}{
		{"duplicate BIN is a conflict on bin",
			`insert into shop.customers (tenant_id, bin, name) values (current_setting('app.tenant_id')::uuid, '000111222-0101', 'Copy')`,
			nil, errs.Conflict, "bin"},
		{"order for a missing customer is a failed precondition",
			`insert into shop.orders (tenant_id, customer_id) values (current_setting('app.tenant_id')::uuid, gen_random_uuid())`,
			nil, errs.FailedPrecondition, ""},
		{"deleting a referenced customer", `delete from shop.customers where id = $1::uuid`,
			[]any{customer}, errs.FailedPrecondition, ""},
		{"check constraint names its field",
			`insert into shop.customers (tenant_id, bin, name) values (current_setting('app.tenant_id')::uuid, 'b2', '')`,
			nil, errs.InvalidArgument, "name"},
		{"unnamed check constraint names its column",
			`insert into shop.customers (tenant_id, bin, name, credit_limit) values (current_setting('app.tenant_id')::uuid, 'b3', 'n', -1)`,
			nil, errs.InvalidArgument, "creditLimit"},
		{"missing value is required",
			`insert into shop.customers (tenant_id, bin, name) values (current_setting('app.tenant_id')::uuid, 'b4', null)`,
			nil, errs.InvalidArgument, "name"},
		{"malformed text is invalid", `select 'not-a-uuid'::uuid`, nil, errs.InvalidArgument, ""},
		{"row for another tenant is denied",
			`insert into shop.customers (tenant_id, bin, name) values (gen_random_uuid(), 'b5', 'n')`,
			nil, errs.PermissionDenied, ""},
		{"no row is not found", `select id from shop.customers where bin = 'none'`, nil, errs.NotFound, ""},
		{"unknown table is internal", `select * from shop.nowhere`, nil, errs.Internal, ""},
	}
	for _, tc := range cases {
		err := d.App.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
			var id any
			return tx.QueryRow(ctx, tc.sql, tc.args...).Scan(&id)
		})
		t.Run(tc.name, func(t *testing.T) {
			if got := errs.CodeOf(err); got != tc.code {
				t.Fatalf("code = %s (%v), want %s", got, err, tc.code)
			}
			e := errs.As(err)
			if tc.field != "" && (len(e.Fields) != 1 || e.Fields[0].Field != tc.field) {
				t.Errorf("fields = %+v, want %s", e.Fields, tc.field)
			}
			var pg *pgconn.PgError
			if tc.code != errs.NotFound && !errors.As(err, &pg) {
				t.Errorf("driver error not kept as cause: %v", err)
			}
			if pub := errs.Public(err); tc.code != errs.Internal && containsSQL(pub.Message) {
				t.Errorf("public message leaks SQL: %q", pub.Message)
			}
		})
	}
}

func containsSQL(s string) bool {
	for _, w := range []string{"shop.", "SQLSTATE", "violates", "relation"} {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

func TestTranslateKeepsCodedErrorsAndNil(t *testing.T) {
	coded := errs.E(errs.NotFound, "customer not found")
	if got := db.Translate(coded); got != error(coded) {
		t.Errorf("Translate changed a coded error: %v", got)
	}
	if db.Translate(nil) != nil {
		t.Error("Translate(nil) is not nil")
	}
	if got := errs.CodeOf(db.Translate(context.DeadlineExceeded)); got != errs.Unavailable {
		t.Errorf("deadline: %s, want UNAVAILABLE", got)
	}
}

// TestALostDatabaseIsUnavailableWithARetryAfter: whatever way the server
// is missing (no listener, a connection it broke, its shutdown), the
// error is UNAVAILABLE with a Retry-After, so a request is refused with
// 503 rather than 500.
func TestALostDatabaseIsUnavailableWithARetryAfter(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // nothing listens there any more
	_, refused := pgx.Connect(ctx, "postgres://app@"+addr+"/app?sslmode=disable&connect_timeout=2")
	if refused == nil {
		t.Fatal("connected to a closed port")
	}
	for name, err := range map[string]error{
		"connection refused":        refused,
		"connection broken":         fmt.Errorf("read rows: %w", io.ErrUnexpectedEOF),
		"network error":             &net.OpError{Op: "read", Net: "tcp", Err: errors.New("connection reset by peer")},
		"server shutting down":      &pgconn.PgError{Code: "57P01", Message: "terminating connection due to administrator command"},
		"cannot connect now":        &pgconn.PgError{Code: "57P03", Message: "the database system is starting up"},
		"connection closed earlier": errors.New("conn closed"),
	} {
		e := errs.As(db.Translate(err))
		if e.Code != errs.Unavailable || e.RetryAfterSeconds != db.RetryAfterSeconds {
			t.Errorf("%s: %s with Retry-After %d s, want UNAVAILABLE with %d s", name, e.Code, e.RetryAfterSeconds, db.RetryAfterSeconds)
		}
	}
}
