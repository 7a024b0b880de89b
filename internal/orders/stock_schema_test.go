package orders_test

import (
	"testing"

	"github.com/vextrus/vextrus/internal/platform/db/dbtest"
)

func TestEveryOrdersTableIsUnderRowLevelSecurity(t *testing.T) {
	f := newFixture(t)
	dbtest.AssertRLS(t, f.db.Admin, "orders")
}
