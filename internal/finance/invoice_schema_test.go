package finance_test

import (
	"testing"

	"github.com/vextrus/vextrus/internal/platform/db/dbtest"
)

func TestInvoiceTablesAreProtectedByRLS(t *testing.T) {
	f := newFixture(t)
	dbtest.AssertRLS(t, f.db.Admin, "finance")
}
