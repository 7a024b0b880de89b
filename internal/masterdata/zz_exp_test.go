package masterdata_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/vextrus/vextrus/internal/platform/tenant"
)

func TestZZExplain(t *testing.T) {
	e := newEnv(t)
	c := e.newCaller(tenant.New())
	var b strings.Builder
	b.WriteString("code,name,nameBn,bin,tin,mobile,address.district\n")
	first := []string{"Rahman", "Karim", "Hossain", "Islam", "Ahmed", "Chowdhury", "Siddique", "Uddin", "Akter", "Mia"}
	trade := []string{"Steel", "Cement", "Bricks", "Sand", "Traders", "Builders", "Construction", "Enterprise", "Rods", "Tiles"}
	for i := 0; i < 5000; i++ {
		fmt.Fprintf(&b, "S-%05d,%s %s %d,রহমান ট্রেডার্স,%013d,%012d,01712345678,Dhaka\n", i, first[i%10], trade[(i/10)%10], i, 1000000000000+i, 100000000000+i)
	}
	c.do("POST", "/api/v1/masterdata/customers/import?wait=true", b.String(), "Content-Type", "text/csv")
	ctx := context.Background()
	var pending int
	e.db.Admin.QueryRow(ctx, "select gin_clean_pending_list('masterdata.customers_search_idx')").Scan(&pending)
	t.Log("pending pages cleaned", pending)
	e.db.Admin.Exec(ctx, "analyze masterdata.customers")
	for _, q := range []string{
		`explain analyze select id from masterdata.customers where tenant_id = $1 and archived_at is null and search_terms @> array['rah','stee'] order by id limit 21`,
		`explain analyze with hits as materialized (select id from masterdata.customers where tenant_id = $1 and archived_at is null and search_terms @> array['rah','stee'])
			select id, data from masterdata.customers where tenant_id = $1 and id in (select id from hits order by id limit 21) order by id`,
		`explain analyze with hits as materialized (select id from masterdata.customers where tenant_id = $1 and archived_at is null and search_terms @> array['r'])
			select id, data from masterdata.customers where tenant_id = $1 and id in (select id from hits order by id limit 21) order by id`,
	} {
		rows, err := e.db.Admin.Query(ctx, q, c.tenant.UUID())
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var s string
			rows.Scan(&s)
			t.Log(s)
		}
		rows.Close()
	}
}
