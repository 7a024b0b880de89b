package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/vextrus/vextrus/bench/load"
	"github.com/vextrus/vextrus/internal/documents/forms"
)

// documentsScenario measures Mushak-6.3 tax invoices made as document
// jobs: each action requests one (POST /api/v1/documents/jobs, Bangla and
// English in turn) for an approved ten-line invoice and polls the job
// until it succeeded, so its latency is a document's whole way: the
// request, the Temporal workflow, finance, master data and settings read
// with the service's credential, the render, the upload to files and the
// finishing transaction. Its rps is documents per second. The baseline is
// the render alone (forms.RenderMushak63 of the same ten lines), in
// process: the p95 per document the issue bounds at 100 ms.
//
//	go run ./bench documents -users 4 -think 0 -duration 30s
func documentsScenario() load.Scenario {
	return load.Scenario{
		Name:        "documents",
		Description: "Mushak-6.3 PDFs as document jobs from request to succeeded, beside the render alone",
		Setup:       setupDocuments,
		Baseline: func(context.Context, *load.Env) (load.Target, error) {
			return renderTarget{}, nil
		},
	}
}

func setupDocuments(ctx context.Context, env *load.Env) (load.Target, error) {
	api, _, err := benchAPI(ctx, env)
	if err != nil {
		return nil, err
	}
	if err := benchInvoiceChain(ctx, api); err != nil {
		return nil, err
	}
	customer, err := benchCustomer(ctx, api)
	if err != nil {
		return nil, err
	}
	var inv struct {
		ID     string `json:"id"`
		Status string `json:"status"`
	}
	if err := api.call(ctx, http.MethodPost, "/api/v1/finance/invoices", benchInvoice(customer, 1, 1), &inv); err != nil {
		return nil, fmt.Errorf("bench invoice: %w", err)
	}
	if err := api.call(ctx, http.MethodPost, "/api/v1/finance/invoices/"+inv.ID+"/submit", "", &inv); err != nil {
		return nil, fmt.Errorf("submit the bench invoice: %w", err)
	}
	if inv.Status != "approved" {
		return nil, fmt.Errorf("bench invoice %s is %s, want approved", inv.ID, inv.Status)
	}
	t := &documentTarget{api: api, invoice: inv.ID}
	if err := t.Do(ctx, &load.VirtualUser{}); err != nil {
		return nil, fmt.Errorf("first document: %w", err)
	}
	return t, nil
}

// documentTarget requests one Mushak-6.3 per action and waits for it.
type documentTarget struct {
	api     *apiClient
	invoice string
}

func (t *documentTarget) Do(ctx context.Context, vu *load.VirtualUser) error {
	lang := "bn"
	if vu.ID%2 == 1 {
		lang = "en"
	}
	body, _ := json.Marshal(map[string]any{"kind": "mushak_6_3", "params": map[string]any{"invoiceId": t.invoice, "lang": lang}})
	var j struct {
		ID, Status, Error string
	}
	if err := t.api.call(ctx, http.MethodPost, "/api/v1/documents/jobs", string(body), &j); err != nil {
		return err
	}
	for j.Status != "succeeded" {
		if j.Status == "failed" {
			return fmt.Errorf("job %s failed: %s", j.ID, j.Error)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(5 * time.Millisecond):
		}
		if err := t.api.call(ctx, http.MethodGet, "/api/v1/documents/jobs/"+j.ID, "", &j); err != nil {
			return err
		}
	}
	return nil
}

// renderTarget draws the bench invoice's Mushak-6.3 alone.
type renderTarget struct{}

func (renderTarget) Do(_ context.Context, vu *load.VirtualUser) error {
	m := forms.Mushak63{Lang: forms.Bangla, Number: "INV/2026-27/000001", IssuedAt: time.Now(),
		Seller: forms.Party{Name: "Vextrus Demo Ltd", NameBn: "ভেক্সট্রাস ডেমো লিমিটেড", BIN: "000123456-0101",
			Address: "House 12, Road 5, Dhanmondi, Dhaka 1205"},
		Buyer: forms.Party{Name: "Bench Customer Ltd", NameBn: "বেঞ্চ কাস্টমার লিমিটেড", BIN: "002345678-0202",
			Address: "12 Motijheel C/A, Dhaka 1000"}}
	if vu != nil && vu.ID%2 == 1 {
		m.Lang = forms.English
	}
	for i := range 10 {
		value := int64(100+i*37) * 100 * int64(1+i)
		vat := value * 15 / 100
		m.Lines = append(m.Lines, forms.Line63{Description: fmt.Sprintf("item %d", i+1), Quantity: fmt.Sprintf("%d", 1+i),
			Unit: "pcs", UnitPrice: int64(100+i*37) * 100, Value: value, VATRate: "15%", VAT: vat, Total: value + vat})
		m.Value, m.VAT, m.Total = m.Value+value, m.VAT+vat, m.Total+value+vat
	}
	_, err := forms.RenderMushak63(m)
	return err
}
