package orders_test

import (
	"net/http"
	"slices"
	"testing"

	"github.com/vextrus/vextrus/internal/orders"
	"github.com/vextrus/vextrus/internal/platform/errs"
)

const salesPath = orders.Base + "/sales-orders"

// salesAnswer is what the REST API answers of a sales order.
type salesAnswer struct {
	ID          string  `json:"id"`
	Number      *string `json:"number"`
	QuoteNumber string  `json:"quoteNumber"`
	Status      string  `json:"status"`
	Version     int     `json:"version"`
	Memo        string  `json:"memo"`
	Amount      struct {
		Amount string `json:"amount"`
	} `json:"amount"`
	Credit *struct {
		Decision  string `json:"decision"`
		Available struct {
			Amount string `json:"amount"`
		} `json:"available"`
	} `json:"credit"`
	Lines []struct {
		Quantity  string `json:"quantity"`
		Delivered string `json:"delivered"`
		Remaining string `json:"remaining"`
	} `json:"lines"`
}

// challanAnswer is what the REST API answers of a delivery challan.
type challanAnswer struct {
	ID               string `json:"id"`
	Number           string `json:"number"`
	SalesOrderNumber string `json:"salesOrderNumber"`
	CustomerName     string `json:"customerName"`
	DeliveryAddress  string `json:"deliveryAddress"`
	Vehicle          string `json:"vehicle"`
	Driver           string `json:"driver"`
	DeliveredOn      string `json:"deliveredOn"`
	Lines            []struct {
		Line        int    `json:"line"`
		ProductName string `json:"productName"`
		Quantity    string `json:"quantity"`
	} `json:"lines"`
}

func TestTheSalesRESTAPIQuotesConfirmsAndDeliversWithAChallan(t *testing.T) {
	sf := newSalesFixture(t)
	sf.putStock(t, sf.ctx, sf.cement, sf.warehouse.ID, units(50), 40_000)
	api := sf.rest(t, sf.tenant)
	price := map[string]string{"amount": "550.00", "currency": "BDT"}

	var q salesAnswer
	res := api.Do("POST", salesPath, map[string]any{"customerId": sf.customer, "locationId": sf.warehouse.ID,
		"validUntil": "2026-12-31", "lines": []map[string]any{{"productId": sf.cement, "quantity": "20", "unitPrice": price}}}).
		Want(t, http.StatusCreated)
	res.Decode(t, &q)
	if q.Status != "quotation" || q.Number != nil || q.Amount.Amount != "11000.00" || res.Header.Get("ETag") != `"1"` ||
		res.Header.Get("Location") != salesPath+"/"+q.ID {
		t.Fatalf("quotation %+v, headers %v", q, res.Header)
	}
	one := salesPath + "/" + q.ID

	api.Do("PATCH", one, map[string]any{"memo": "Mirpur site"}).WantProblem(t, http.StatusPreconditionRequired, errs.FailedPrecondition)
	api.Do("PATCH", one, map[string]any{"memo": "Mirpur site"}, "If-Match", `"1"`).Want(t, http.StatusOK).Decode(t, &q)
	if q.Version != 2 || q.Memo != "Mirpur site" {
		t.Fatalf("patched %+v", q)
	}
	api.Do("PATCH", one, map[string]any{"memo": "stale"}, "If-Match", `"1"`).WantProblem(t, http.StatusPreconditionFailed, errs.FailedPrecondition)
	bad := api.Do("PATCH", one, map[string]any{"lines": []map[string]any{{"productId": sf.cement, "quantity": "1",
		"unitPrice": map[string]any{"amount": 550, "currency": "BDT"}}}}, "If-Match", `"2"`).
		Want(t, http.StatusBadRequest)
	if fields := bad.Fields(t); !slices.Contains(fields, "lines[0].unitPrice.amount") {
		t.Fatalf("fields %v", fields)
	}

	api.Do("POST", one+"/confirm", nil, "If-Match", `"2"`).Want(t, http.StatusOK).Decode(t, &q)
	if q.Status != "confirmed" || q.Number == nil || q.Credit == nil || q.Credit.Decision != "approve" ||
		q.Credit.Available.Amount != "39000.00" {
		t.Fatalf("confirmed %+v", q)
	}

	var d challanAnswer
	res = api.Do("POST", one+"/deliveries", map[string]any{"vehicle": "Dhaka Metro Ta 11-2345", "driver": "Karim",
		"lines": []map[string]any{{"line": 1, "quantity": "8"}}}).Want(t, http.StatusCreated)
	res.Decode(t, &d)
	if res.Header.Get("Location") != orders.Base+"/deliveries/"+d.ID || d.SalesOrderNumber != *q.Number {
		t.Fatalf("delivery %+v, headers %v", d, res.Header)
	}
	var challan challanAnswer
	api.Do("GET", orders.Base+"/deliveries/"+d.ID, nil).Want(t, http.StatusOK).Decode(t, &challan)
	if challan.Number == "" || challan.CustomerName != "Rahman Builders" || challan.DeliveryAddress != "House 5, Road 2, Dhaka 1207" ||
		challan.Vehicle != "Dhaka Metro Ta 11-2345" || challan.Driver != "Karim" || challan.DeliveredOn != "2026-12-04" ||
		len(challan.Lines) != 1 || challan.Lines[0].Quantity != "8" || challan.Lines[0].ProductName != "Cement, 50 kg bag" {
		t.Fatalf("challan %+v", challan)
	}
	over := api.Do("POST", one+"/deliveries", map[string]any{"lines": []map[string]any{{"line": 1, "quantity": "13"}}}).
		Want(t, http.StatusBadRequest)
	if fields := over.Fields(t); !slices.Contains(fields, "lines[0].quantity") {
		t.Fatalf("fields %v", fields)
	}

	var list struct {
		Items []salesAnswer `json:"items"`
	}
	api.Do("GET", salesPath+"?status=partially_delivered&customerId="+sf.customer.String(), nil).Want(t, http.StatusOK).Decode(t, &list)
	if len(list.Items) != 1 || list.Items[0].Lines[0].Delivered != "8" || list.Items[0].Lines[0].Remaining != "12" {
		t.Fatalf("listed %+v", list.Items)
	}
	var challans struct {
		Items []challanAnswer `json:"items"`
	}
	api.Do("GET", one+"/deliveries", nil).Want(t, http.StatusOK).Decode(t, &challans)
	if len(challans.Items) != 1 || challans.Items[0].ID != d.ID {
		t.Fatalf("challans %+v", challans.Items)
	}
	api.Do("POST", one+"/cancel", map[string]any{"reason": "late"}).WantProblem(t, http.StatusPreconditionFailed, errs.FailedPrecondition)
	sf.rest(t, sf.tenant, orders.PermSalesRead).Do("POST", one+"/deliveries",
		map[string]any{"lines": []map[string]any{{"line": 1, "quantity": "1"}}}).WantProblem(t, http.StatusForbidden, errs.PermissionDenied)
	sf.rest(t, newTenant(t)).Do("GET", one, nil).WantProblem(t, http.StatusNotFound, errs.NotFound)
}
