package finance_test

import (
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/vextrus/vextrus/api"
	"github.com/vextrus/vextrus/internal/finance"
	"github.com/vextrus/vextrus/internal/platform/apitest"
)

// readOpenAPI checks the finance document as every service's is checked
// (apitest.CheckOpenAPI): the served document and the committed contract
// must not drift apart, and every route the service mounts is
// documented, with its problems.
func readOpenAPI(t *testing.T) apitest.OpenAPIDoc {
	t.Helper()
	mux := http.NewServeMux()
	newFixture(t).svc.Routes(mux)
	return apitest.CheckOpenAPI(t, apitest.OpenAPIService{Name: finance.Name, Doc: finance.OpenAPI(), Copy: api.OpenAPI()[finance.Name],
		Mux: mux, Self: "GET " + finance.Base + "/openapi.json", RouteMaps: finance.RouteMaps(),
		PathValues: strings.NewReplacer("{id}", "0190a0b0-0000-7000-8000-000000000001", "{starts}", "2026-07-01")})
}

func TestOpenAPIDocumentsEveryRoute(t *testing.T) { readOpenAPI(t) }

// RouteMaps must list every route map of the package: a new one is a
// method of *Service returning map[string]httpx.HandlerFunc.
func TestRouteMapsListsEveryRouteMap(t *testing.T) {
	apitest.CheckRouteMapsListed(t, len(finance.RouteMaps()))
}

// The document's schemas have the fields the handlers' JSON types
// write and read, no more and no fewer.
func TestOpenAPISchemasMatchTheJSONTypes(t *testing.T) {
	readOpenAPI(t).CheckSchemas(t, map[string][]reflect.Type{
		"Account": {reflect.TypeFor[finance.AccountJSON]()}, "Journal": {reflect.TypeFor[finance.JournalJSON]()}, "Line": {reflect.TypeFor[finance.LineJSON]()}, "Period": {reflect.TypeFor[finance.PeriodJSON]()},
		"Party": {reflect.TypeFor[finance.PartyJSON]()}, "WithholdingTax": {reflect.TypeFor[finance.WithholdingTaxJSON]()}, "InvoiceLineInput": {reflect.TypeFor[finance.LineInputJSON]()},
		"InvoiceInput": {reflect.TypeFor[finance.InvoiceInputJSON]()}, "InvoiceLine": {reflect.TypeFor[finance.LineJSONOut]()}, "Invoice": {reflect.TypeFor[finance.InvoiceJSON]()},
		"Payment": {reflect.TypeFor[finance.PaymentJSON]()}, "Cheque": {reflect.TypeFor[finance.ChequeJSON]()}, "Wallet": {reflect.TypeFor[finance.WalletJSON]()}, "Allocation": {reflect.TypeFor[finance.AllocationJSON](), reflect.TypeFor[finance.AllocationIn]()},
		"Proposal": {reflect.TypeFor[finance.ProposalJSON]()}, "StatementLine": {reflect.TypeFor[finance.StatementLineJSON]()}, "Statement": {reflect.TypeFor[finance.StatementJSON]()},
		"TrialBalanceRow": {reflect.TypeFor[finance.TrialBalanceRowJSON]()}, "TrialBalance": {reflect.TypeFor[finance.TrialBalanceJSON]()}, "LedgerEntry": {reflect.TypeFor[finance.LedgerEntryJSON]()},
		"Ledger": {reflect.TypeFor[finance.LedgerJSON]()}, "AgeingRow": {reflect.TypeFor[finance.AgeingRowJSON]()}, "AgeingBuckets": {reflect.TypeFor[finance.AgeingBucketsJSON]()},
		"Ageing": {reflect.TypeFor[finance.AgeingJSON]()}, "VATRegisterRow": {reflect.TypeFor[finance.VATRegisterRowJSON]()}, "VATAccount": {reflect.TypeFor[finance.VATAccountJSON]()},
		"VATSummary": {reflect.TypeFor[finance.VATSummaryJSON]()}, "Outstanding": {reflect.TypeFor[finance.OutstandingJSON]()}, "BillMatch": {reflect.TypeFor[finance.BillMatchJSON]()},
		"MatchedLine": {reflect.TypeFor[finance.MatchedLine]()}, "HoldReason": {reflect.TypeFor[finance.HoldReason]()},
		"OrderMatch": {reflect.TypeFor[finance.OrderMatchJSON]()}, "OrderMatchLine": {reflect.TypeFor[finance.OrderMatchLineJSON]()},
		"AccountInput": {reflect.TypeFor[finance.AccountIn]()}, "AccountPatch": {reflect.TypeFor[finance.AccountPatchIn]()}, "JournalInput": {reflect.TypeFor[finance.JournalIn]()},
		"JournalPatch": {reflect.TypeFor[finance.JournalPatchIn]()}, "ReverseInput": {reflect.TypeFor[finance.ReverseIn]()}, "Reason": {reflect.TypeFor[finance.ReasonIn]()},
		"PaymentInput": {reflect.TypeFor[finance.PaymentIn]()},
	})
}
