package console

import (
	"net/http"
	"sort"

	"github.com/vextrus/vextrus/internal/platform/money"
)

// overdue is the receivables past due today: their total and the five
// customers owing most.
type overdue struct {
	Total   string
	Parties []overdueParty
}

type overdueParty struct {
	Name   string
	Amount string
}

type ageingRow struct {
	PartyName  string    `json:"partyName"`
	Days1To30  moneyJSON `json:"days1To30"`
	Days31To60 moneyJSON `json:"days31To60"`
	Days61To90 moneyJSON `json:"days61To90"`
	Over90     moneyJSON `json:"over90"`
}

// pastDue sums the row's buckets past their due date.
func (r ageingRow) pastDue() money.Amount {
	sum := money.Zero(money.BDT)
	for _, m := range []moneyJSON{r.Days1To30, r.Days31To60, r.Days61To90, r.Over90} {
		if a, err := money.Parse(m.Amount, money.BDT); err == nil {
			if s, err := sum.Add(a); err == nil {
				sum = s
			}
		}
	}
	return sum
}

// overdue reads the receivables ageing as of the tenant's today.
func (c *Console) overdue(r *http.Request) (overdue, error) {
	var ageing struct {
		Rows []ageingRow `json:"rows"`
	}
	if err := c.API(r, c.svc.Finance, http.MethodGet, "/api/v1/finance/ageing/receivables", nil, &ageing); err != nil {
		return overdue{}, err
	}
	total := money.Zero(money.BDT)
	type owing struct {
		name string
		amt  money.Amount
	}
	var rows []owing
	for _, row := range ageing.Rows {
		due := row.pastDue()
		if due.Sign() <= 0 {
			continue
		}
		if t, err := total.Add(due); err == nil {
			total = t
		}
		rows = append(rows, owing{row.PartyName, due})
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].amt.Minor() > rows[j].amt.Minor() })
	o := overdue{Total: total.Decimal()}
	for _, row := range rows[:min(5, len(rows))] {
		o.Parties = append(o.Parties, overdueParty{Name: row.name, Amount: row.amt.Decimal()})
	}
	return o, nil
}
