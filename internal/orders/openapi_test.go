package orders_test

import (
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/vextrus/vextrus/api"
	"github.com/vextrus/vextrus/internal/orders"
	"github.com/vextrus/vextrus/internal/platform/apitest"
)

// readOpenAPI checks the orders document as every service's is checked
// (apitest.CheckOpenAPI): the served document and the committed contract
// must not drift apart, every route the service mounts is documented,
// with its problems, and every POST takes an Idempotency-Key.
func readOpenAPI(t *testing.T) apitest.OpenAPIDoc {
	t.Helper()
	mux := http.NewServeMux()
	orders.MountRoutes(mux)
	return apitest.CheckOpenAPI(t, apitest.OpenAPIService{Name: orders.Name, Doc: orders.OpenAPI(), Copy: api.OpenAPI()[orders.Name],
		Mux: mux, Self: "GET " + orders.Base + "/openapi.json", RouteMaps: orders.RouteMaps(),
		PathValues: strings.NewReplacer("{id}", "0190a0b0-0000-7000-8000-000000000001"), IdempotencyKeys: true})
}

func TestOpenAPIDocumentsEveryRoute(t *testing.T) { readOpenAPI(t) }

// RouteMaps must list every route map of the package: a new one is a
// method of *Service returning map[string]httpx.HandlerFunc.
func TestRouteMapsListsEveryRouteMap(t *testing.T) {
	apitest.CheckRouteMapsListed(t, len(orders.RouteMaps()))
}

// The document's schemas have the fields the handlers' JSON types
// write and read, no more and no fewer.
func TestOpenAPISchemasMatchTheJSONTypes(t *testing.T) {
	d := readOpenAPI(t)
	receiptLine := reflect.TypeFor[orders.ReceiptInputJSON]()
	lines, _ := receiptLine.FieldByName("Lines")
	d.CheckSchemas(t, map[string][]reflect.Type{
		"Location": {reflect.TypeFor[orders.LocationJSON]()}, "LocationInput": {reflect.TypeFor[orders.LocationIn]()},
		"LocationPatch": {reflect.TypeFor[orders.LocationPatchIn]()}, "StockLevel": {reflect.TypeFor[orders.StockLevelJSON]()},
		"StockMovement": {reflect.TypeFor[orders.StockMovementJSON]()}, "StockDocument": {reflect.TypeFor[orders.StockDocumentJSON]()},
		"StockDocumentLine": {reflect.TypeFor[orders.StockDocumentLineJSON]()}, "StockLineInput": {reflect.TypeFor[orders.StockLineIn]()},
		"IssueInput": {reflect.TypeFor[orders.IssueIn]()}, "TransferInput": {reflect.TypeFor[orders.TransferIn]()},
		"OrderLineInput": {reflect.TypeFor[orders.LineJSON]()}, "PurchaseOrderInput": {reflect.TypeFor[orders.PurchaseInputJSON]()},
		"PurchaseLine": {reflect.TypeFor[orders.PurchaseLineJSON]()}, "OrderBill": {reflect.TypeFor[orders.OrderBillJSON]()},
		"PurchaseOrder": {reflect.TypeFor[orders.PurchaseOrderJSON]()}, "Reason": {reflect.TypeFor[orders.ReasonIn]()},
		"ReceiptInput": {receiptLine}, "ReceiptLineInput": {lines.Type.Elem()}, "ReceiptLine": {reflect.TypeFor[orders.ReceiptLineJSON]()},
		"Receipt": {reflect.TypeFor[orders.ReceiptJSON]()}, "Requisition": {reflect.TypeFor[orders.RequisitionJSON]()},
		"RequisitionLine": {reflect.TypeFor[orders.RequisitionLineJSON]()}, "SalesLineInput": {reflect.TypeFor[orders.SalesLineInputJSON]()},
		"QuotationInput": {reflect.TypeFor[orders.QuotationInputJSON]()}, "SalesLine": {reflect.TypeFor[orders.SalesLineJSON]()},
		"CreditCheck": {reflect.TypeFor[orders.CreditCheckJSON]()}, "SalesOrder": {reflect.TypeFor[orders.SalesOrderJSON]()},
		"DeliveryLineInput": {reflect.TypeFor[orders.DeliveryLineInputJSON]()}, "DeliveryInput": {reflect.TypeFor[orders.DeliveryInputJSON]()},
		"DeliveryLine": {reflect.TypeFor[orders.DeliveryLineJSON]()}, "Delivery": {reflect.TypeFor[orders.DeliveryJSON]()},
	})
	// A requisition is created from the members a client may set of the
	// type the API answers; the server refuses the others.
	all := apitest.JSONNames(reflect.TypeFor[orders.RequisitionJSON]())
	for _, name := range d.Properties("RequisitionInput") {
		if !slices.Contains(all, name) {
			t.Errorf("schema RequisitionInput has %s, which RequisitionJSON does not read", name)
		}
	}
}
