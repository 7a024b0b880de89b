package finance_test

import (
	"slices"
	"testing"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/finance"
)

// gqlInvoice is an Invoice as the tests read it.
type gqlInvoice struct {
	ID, Kind, Status, InvoiceDate              string
	InvoiceNumber, MushakNumber, CustomerID    *string
	VendorID, CorrectsInvoiceID                *string
	Version                                    int
	Subtotal, NetAmount, VatAmount, GrandTotal struct{ Amount string }
	SupplementaryDuty, PayableAmount, Discount struct{ Amount string }
	LineItems                                  []struct {
		LineNumber                   int
		Quantity, VatRate, Treatment string
		VatAmount, SupplementaryDuty struct{ Amount string }
	}
}

const invoiceFields = `id kind status invoiceDate invoiceNumber mushakNumber customerId vendorId correctsInvoiceId version
	subtotal { amount } discount { amount } netAmount { amount } vatAmount { amount } supplementaryDuty { amount }
	grandTotal { amount } payableAmount { amount }
	lineItems { lineNumber quantity vatRate treatment vatAmount { amount } supplementaryDuty { amount } }`

const createInvoice = `mutation($in: CreateInvoiceInput!) { createInvoice(input: $in) { ` + invoiceFields + ` } }`

// threeRateInput is the three-rate sale as CreateInvoiceInput.
func threeRateInput(date string) map[string]any {
	return map[string]any{"invoiceDate": date, "party": map[string]any{"id": customer.ID.String(), "name": customer.Name,
		"bin": customer.BIN, "address": customer.Address}, "lineItems": []map[string]any{
		{"description": "Face cream, 50 ml", "vatCategory": "cosmetics", "quantity": "12", "unit": "pcs", "unitPrice": "1250.75", "discount": "100"},
		{"description": "Site supervision", "vatCategory": "construction_firm", "quantity": "3.5", "unit": "day", "unitPrice": "999.99"},
		{"description": "Miniket rice", "vatCategory": "rice", "quantity": "50", "unit": "kg", "unitPrice": "62.40"}}}
}

func TestGraphQLInvoiceFromDraftToMushakNumberAndCreditNote(t *testing.T) {
	f := newInvoiceFixture(t)
	a, ctx := newTenantCtx(t)
	api := serveGraph(t, f.fixture).accountant(t, a)

	var draft gqlInvoice
	decode(t, api.GraphQL(subgraph, createInvoice, map[string]any{"in": threeRateInput("2026-11-20")}).Data(t), "createInvoice", &draft)
	// The service's own totals are the hand-worked ones (TestThreeRateInvoiceAddsUpByHand); the
	// subgraph must show them unchanged.
	want, err := f.svc.Invoice(ctx, uuid.MustParse(draft.ID))
	if err != nil {
		t.Fatal(err)
	}
	if draft.Status != "DRAFT" || draft.Kind != "SALES" || draft.InvoiceNumber != nil || draft.CustomerID == nil ||
		*draft.CustomerID != customer.ID.String() || draft.VendorID != nil || len(draft.LineItems) != 3 ||
		draft.GrandTotal.Amount != bdt(want.Total).Decimal() || draft.VatAmount.Amount != bdt(want.VAT).Decimal() ||
		draft.SupplementaryDuty.Amount != bdt(want.SD).Decimal() || draft.LineItems[2].Treatment != "exempt" ||
		draft.LineItems[1].Quantity != "3.5" {
		t.Fatalf("draft: %+v, service totals %+v", draft, want.Totals)
	}

	const credit = `mutation($id: ID!) { createCreditNote(invoiceId: $id, input: {lineItems: [
		{description: "Face cream returned", vatCategory: "cosmetics", quantity: "1", unitPrice: "1250.75"}]}) { ` + invoiceFields + ` } }`
	errors := api.GraphQL(subgraph, credit, map[string]any{"id": draft.ID}).GraphQLErrors()
	if len(errors) != 1 || errors[0].Code() != "FAILED_PRECONDITION" || !slices.Equal(errors[0].Fields(), []string{"invoiceId"}) {
		t.Fatalf("a credit note on a draft: %+v", errors)
	}

	const submit = `mutation($id: ID!, $v: Int) { submitInvoice(id: $id, expectedVersion: $v) { status invoiceNumber mushakNumber version } }`
	if code, _ := api.GraphQL(subgraph, submit, map[string]any{"id": draft.ID, "v": draft.Version + 1}).FirstError(); code != "CONFLICT" {
		t.Fatalf("submitting a stale version: %s", code)
	}
	var approved gqlInvoice
	decode(t, api.GraphQL(subgraph, submit, map[string]any{"id": draft.ID, "v": draft.Version}).Data(t), "submitInvoice", &approved)
	if approved.Status != "APPROVED" || approved.InvoiceNumber == nil || approved.MushakNumber == nil ||
		*approved.InvoiceNumber != *approved.MushakNumber {
		t.Fatalf("below the approval threshold, submitted: %+v", approved)
	}

	// The references the gateway resolves on masterdata and workflow.
	const refs = `query($id: ID!) { invoice(id: $id) { customer { id } vendor { id } approval { id } approvalId } }`
	data := api.GraphQL(subgraph, refs, map[string]any{"id": draft.ID}).Data(t)
	var ref struct {
		Customer   *struct{ ID string }
		Vendor     *struct{ ID string }
		Approval   *struct{ ID string }
		ApprovalID *string
	}
	decode(t, data, "invoice", &ref)
	if ref.Customer == nil || ref.Customer.ID != customer.ID.String() || ref.Vendor != nil || ref.Approval == nil ||
		ref.ApprovalID == nil || ref.Approval.ID != *ref.ApprovalID {
		t.Fatalf("references: %s", data["invoice"])
	}

	const update = `mutation($id: ID!, $in: UpdateInvoiceInput!) { updateInvoice(id: $id, input: $in) { id } }`
	in := threeRateInput("2026-11-20")
	if code, _ := api.GraphQL(subgraph, update, map[string]any{"id": draft.ID, "in": in}).FirstError(); code != "FAILED_PRECONDITION" {
		t.Fatalf("editing an approved invoice: %s", code)
	}

	var note gqlInvoice
	decode(t, api.GraphQL(subgraph, credit, map[string]any{"id": draft.ID}).Data(t), "createCreditNote", &note)
	if note.Kind != "CREDIT_NOTE" || note.Status != "DRAFT" || note.CorrectsInvoiceID == nil || *note.CorrectsInvoiceID != draft.ID ||
		note.CustomerID == nil {
		t.Fatalf("credit note: %+v", note)
	}

	// Newest first; any edge's cursor starts the next page.
	const list = `query($after: String) { invoices(first: 1, after: $after) { edges { cursor node { id kind } } pageInfo { hasNextPage endCursor } } }`
	var page struct {
		Edges []struct {
			Cursor string
			Node   gqlInvoice
		}
		PageInfo struct {
			HasNextPage bool
			EndCursor   *string
		}
	}
	decode(t, api.GraphQL(subgraph, list, nil).Data(t), "invoices", &page)
	if len(page.Edges) != 1 || page.Edges[0].Node.ID != note.ID || !page.PageInfo.HasNextPage || *page.PageInfo.EndCursor != page.Edges[0].Cursor {
		t.Fatalf("first page: %+v", page)
	}
	decode(t, api.GraphQL(subgraph, list, map[string]any{"after": page.Edges[0].Cursor}).Data(t), "invoices", &page)
	if len(page.Edges) != 1 || page.Edges[0].Node.ID != draft.ID || page.PageInfo.HasNextPage {
		t.Fatalf("second page: %+v", page)
	}
	var sales struct{ Edges []struct{ Node gqlInvoice } }
	decode(t, api.GraphQL(subgraph, `{ invoices(kind: SALES, status: APPROVED) { edges { node { id } } } }`, nil).Data(t), "invoices", &sales)
	if len(sales.Edges) != 1 || sales.Edges[0].Node.ID != draft.ID {
		t.Fatalf("approved sales: %+v", sales)
	}
}

func TestGraphQLBadInvoiceNamesTheInputFieldsAndChangesNothing(t *testing.T) {
	f := newInvoiceFixture(t)
	a, ctx := newTenantCtx(t)
	srv := serveGraph(t, f.fixture)
	api := srv.accountant(t, a)
	in := threeRateInput("2026-11-20")
	in["dueDate"] = "2026-11-01"
	lines := in["lineItems"].([]map[string]any)
	lines[0]["unitPrice"] = "1250.755"
	lines[1]["quantity"] = "-2"
	lines[2]["productId"] = "rice"
	errors := api.GraphQL(subgraph, createInvoice, map[string]any{"in": in}).GraphQLErrors()
	if len(errors) != 1 || errors[0].Code() != "INVALID_ARGUMENT" ||
		!slices.Equal(errors[0].Fields(), []string{"input.lineItems[0].unitPrice", "input.lineItems[2].productId"}) {
		t.Fatalf("edge errors: %+v", errors)
	}
	lines[0]["unitPrice"], lines[2]["productId"] = "1250.75", nil
	errors = api.GraphQL(subgraph, createInvoice, map[string]any{"in": in}).GraphQLErrors()
	if len(errors) != 1 || errors[0].Code() != "INVALID_ARGUMENT" ||
		!slices.Equal(errors[0].Fields(), []string{"input.dueDate", "input.lineItems[1].quantity"}) {
		t.Fatalf("service errors: %+v", errors)
	}
	if list, _, err := f.svc.Invoices(ctx, finance.InvoiceFilter{}); err != nil || len(list) != 0 {
		t.Fatalf("invoices after refusals: %d (%v)", len(list), err)
	}

	// Another tenant's invoice is not there by any id or list.
	var mine gqlInvoice
	decode(t, api.GraphQL(subgraph, createInvoice, map[string]any{"in": threeRateInput("2026-11-20")}).Data(t), "createInvoice", &mine)
	apiB := srv.accountant(t, newTenant(t))
	vars := map[string]any{"id": mine.ID}
	for name, q := range map[string]string{
		"read":   `query($id: ID!) { invoice(id: $id) { id } }`,
		"submit": `mutation($id: ID!) { submitInvoice(id: $id) { id } }`,
		"cancel": `mutation($id: ID!) { cancelInvoice(id: $id, reason: "B's") { id } }`,
		"entity": `query($id: ID!) { _entities(representations: [{__typename: "Invoice", id: $id}]) { ... on Invoice { id } } }`,
	} {
		if code, _ := apiB.GraphQL(subgraph, q, vars).FirstError(); code != "NOT_FOUND" {
			t.Errorf("B's %s of A's invoice: %s", name, code)
		}
	}
	var listB struct{ Edges []struct{ Node gqlInvoice } }
	decode(t, apiB.GraphQL(subgraph, `{ invoices { edges { node { id } } } }`, nil).Data(t), "invoices", &listB)
	if len(listB.Edges) != 0 {
		t.Fatalf("B lists %d invoices", len(listB.Edges))
	}
	if inv, err := f.svc.Invoice(ctx, uuid.MustParse(mine.ID)); err != nil || inv.Status != finance.StatusDraft {
		t.Fatalf("A's invoice after B's attempts: %+v (%v)", inv.Status, err)
	}
}
