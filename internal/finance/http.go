package finance

import (
	"maps"
	"net/http"
	"strconv"
	"time"

	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/httpx"
	"github.com/vextrus/vextrus/internal/platform/money"
)

// Base is the prefix of the REST API (api/openapi/finance.json).
const Base = "/api/v1/finance"

// Routes mounts the REST API under /api/v1/finance/. The GraphQL subgraph
// is in package graph.
func (s *Service) Routes(mux *http.ServeMux) {
	routes := s.ledgerRoutes()
	maps.Copy(routes, s.invoiceRoutes())
	maps.Copy(routes, s.paymentRoutes())
	maps.Copy(routes, s.reportRoutes())
	routes["GET "+Base+"/openapi.json"] = httpx.Document(openapiDoc)
	for pattern, fn := range routes {
		mux.Handle(pattern, fn)
	}
}

// parseAmount reads a decimal amount of taka ("1234.50", lakh or Western
// grouping accepted) as poisha, refusing a negative or sub-poisha amount
// in field's name.
func parseAmount(field, s string) (int64, error) {
	a, err := money.Parse(s, money.BDT)
	if err != nil {
		msg := "must be an amount of taka with at most two decimals, such as 1234.50"
		if e := errs.As(err); e != nil && len(e.Fields) > 0 {
			msg = e.Fields[0].Message
		}
		return 0, errs.Field(field, "%s", msg)
	}
	if a.Minor() < 0 {
		return 0, errs.Field(field, "must not be negative")
	}
	return a.Minor(), nil
}

// formatAmount writes poisha as the decimal string parseAmount reads.
func formatAmount(minor int64) string { return money.New(minor, money.BDT).Decimal() }

// queryInt reads an optional integer query parameter.
func queryInt(r *http.Request, name string) (int, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, errs.Field(name, "must be a whole number")
	}
	return n, nil
}

func dateString(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(DateLayout)
}
