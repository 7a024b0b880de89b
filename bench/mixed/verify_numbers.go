package mixed

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/vextrus/vextrus/internal/platform/tenantsettings"
)

// numberedDoc is where the documents of one numbered type live: a query
// of their tenant and number.
type numberedDoc struct {
	schema, docType, query string
}

// numberedDocs are every document type finance and orders number from
// their gapless sequences (tenantsettings.Settings.NextNumber).
var numberedDocs = []numberedDoc{
	{"finance", tenantsettings.DocSalesInvoice, `select tenant_id, number from finance.invoices where kind = 'sales' and number is not null`},
	{"finance", tenantsettings.DocPurchaseBill, `select tenant_id, number from finance.invoices where kind = 'purchase' and number is not null`},
	{"finance", tenantsettings.DocCreditNote, `select tenant_id, number from finance.invoices where kind = 'credit_note' and number is not null`},
	{"finance", tenantsettings.DocDebitNote, `select tenant_id, number from finance.invoices where kind = 'debit_note' and number is not null`},
	{"finance", tenantsettings.DocJournal, `select tenant_id, number from finance.journals where number is not null`},
	{"finance", tenantsettings.DocReceipt, `select tenant_id, number from finance.payments where kind = 'receipt'`},
	{"finance", tenantsettings.DocPayment, `select tenant_id, number from finance.payments where kind = 'disbursement'`},
	{"orders", tenantsettings.DocPurchaseOrder, `select tenant_id, number from orders.purchase_orders where number is not null`},
	{"orders", tenantsettings.DocGoodsReceipt, `select tenant_id, number from orders.goods_receipts`},
	{"orders", tenantsettings.DocRequisition, `select tenant_id, number from orders.purchase_requisitions`},
	{"orders", tenantsettings.DocDeliveryChallan, `select tenant_id, number from orders.deliveries`},
	{"orders", tenantsettings.DocQuotation, `select tenant_id, quote_number from orders.sales_orders`},
	{"orders", tenantsettings.DocSalesOrder, `select tenant_id, number from orders.sales_orders where number is not null`},
	{"orders", tenantsettings.DocStockIssue, `select tenant_id, number from orders.stock_documents where kind = 'issue'`},
	{"orders", tenantsettings.DocStockTransfer, `select tenant_id, number from orders.stock_documents where kind = 'transfer'`},
}

// seqKey names one gapless sequence: a row of <schema>.number_sequences.
type seqKey struct {
	schema  string
	tenant  uuid.UUID
	docType string
	year    string // the fiscal year, "" for a sequence that never restarts
}

func (k seqKey) String() string {
	year := k.year
	if year == "" {
		year = "all years"
	}
	return fmt.Sprintf("%s %s %s of tenant %s", k.schema, k.docType, year, k.tenant)
}

// checkNumbers reads every numbered document's sequence number and
// fiscal year out of its number (by the tenant's numbering pattern) and
// checks that each sequence issued exactly 1..last: no number lost
// (a gap NBR would ask about), none twice, none past the sequence.
func checkNumbers(ctx context.Context, conn *pgx.Conn) (string, error) {
	settings, err := tenantNumbering(ctx, conn)
	if err != nil {
		return "", err
	}
	issued := map[seqKey][]int64{}
	var f findings
	docs := 0
	for _, d := range numberedDocs {
		rows, err := conn.Query(ctx, d.query)
		if err != nil {
			return "", fmt.Errorf("numbers of %s: %w", d.docType, err)
		}
		for rows.Next() {
			var t uuid.UUID
			var number string
			if err := rows.Scan(&t, &number); err != nil {
				rows.Close()
				return "", err
			}
			docs++
			n := settings.numbering(t, d.docType)
			year, seq, ok := n.parse(number)
			if !ok {
				f.add("%s %s of tenant %s does not follow the pattern %s", d.docType, number, t, n.Pattern)
				continue
			}
			if !n.ResetEachFiscalYear {
				year = ""
			}
			k := seqKey{d.schema, t, d.docType, year}
			issued[k] = append(issued[k], seq)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return "", err
		}
	}
	lasts := map[seqKey]int64{}
	for _, schema := range []string{"finance", "orders"} {
		rows, err := conn.Query(ctx, `select tenant_id, doc_type, fiscal_year, last from `+schema+`.number_sequences`)
		if err != nil {
			return "", fmt.Errorf("%s's sequences: %w", schema, err)
		}
		for rows.Next() {
			k := seqKey{schema: schema}
			var last int64
			if err := rows.Scan(&k.tenant, &k.docType, &k.year, &last); err != nil {
				rows.Close()
				return "", err
			}
			lasts[k] = last
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return "", err
		}
	}
	for k, last := range lasts {
		checkSequence(&f, k, last, issued[k])
		delete(issued, k)
	}
	for k, seqs := range issued {
		f.add("%s: %d documents numbered from a sequence that does not exist", k, len(seqs))
	}
	if err := f.err(); err != nil {
		return "", err
	}
	return fmt.Sprintf("%d sequences, %d numbered documents, none missing or twice", len(lasts), docs), nil
}

// checkSequence adds what is wrong with one sequence whose row says last
// and whose documents carry seqs.
func checkSequence(f *findings, k seqKey, last int64, seqs []int64) {
	slices.Sort(seqs)
	var gaps, twice, past []int64
	want := int64(1)
	for i, s := range seqs {
		switch {
		case s > last:
			past = append(past, s)
		case i > 0 && s == seqs[i-1]:
			twice = append(twice, s)
		default:
			for ; want < s; want++ {
				gaps = append(gaps, want)
			}
			want = s + 1
		}
	}
	for ; want <= last; want++ {
		gaps = append(gaps, want)
	}
	if len(gaps) > 0 {
		f.add("%s: %d numbers missing of 1..%d (first %d)", k, len(gaps), last, gaps[0])
	}
	if len(twice) > 0 {
		f.add("%s: %d numbers issued twice (first %d)", k, len(twice), twice[0])
	}
	if len(past) > 0 {
		f.add("%s: %d numbers past the sequence's last %d (first %d)", k, len(past), last, past[0])
	}
}

// numberings are the tenants' numbering settings.
type numberings map[uuid.UUID]map[string]tenantsettings.Numbering

// tenantNumbering reads each tenant's numbering from the settings
// service's table; a tenant without settings numbers by the defaults.
func tenantNumbering(ctx context.Context, conn *pgx.Conn) (numberings, error) {
	rows, err := conn.Query(ctx, `select tenant_id, document from settings.tenant_settings`)
	if err != nil {
		return nil, fmt.Errorf("tenant settings: %w", err)
	}
	defer rows.Close()
	out := numberings{}
	for rows.Next() {
		var t uuid.UUID
		var doc []byte
		if err := rows.Scan(&t, &doc); err != nil {
			return nil, err
		}
		var s tenantsettings.Settings
		if err := json.Unmarshal(doc, &s); err != nil {
			return nil, fmt.Errorf("settings of tenant %s: %w", t, err)
		}
		out[t] = s.Numbering
	}
	return out, rows.Err()
}

func (ns numberings) numbering(t uuid.UUID, docType string) numberPattern {
	if n, ok := ns[t][docType]; ok {
		return numberPattern{n}
	}
	return numberPattern{tenantsettings.DefaultNumbering()[docType]}
}

// numberPattern reads numbers back: the inverse of Numbering.Format.
type numberPattern struct{ tenantsettings.Numbering }

var patternToken = regexp.MustCompile(`\{(prefix|fy|yyyy|mm|seq(?::0\d+)?)\}`)

// compiled holds each pattern's expression, built once per run.
var compiled sync.Map // prefix + "\x00" + pattern -> *parsedPattern

type parsedPattern struct {
	re     *regexp.Regexp
	groups []string // "fy" or "seq", per capture group
}

// parse returns the fiscal year ("" when the pattern has none) and the
// sequence number of number, and whether it follows the pattern.
func (p numberPattern) parse(number string) (year string, seq int64, ok bool) {
	key := p.Prefix + "\x00" + p.Pattern
	v, ok := compiled.Load(key)
	if !ok {
		v, _ = compiled.LoadOrStore(key, p.compile())
	}
	pp := v.(*parsedPattern)
	m := pp.re.FindStringSubmatch(number)
	if m == nil {
		return "", 0, false
	}
	found := false
	for i, g := range pp.groups {
		switch g {
		case "fy":
			year = m[i+1]
		case "seq":
			n, err := strconv.ParseInt(m[i+1], 10, 64)
			if err != nil {
				return "", 0, false
			}
			seq, found = n, true
		}
	}
	return year, seq, found
}

// compile turns the pattern into an expression that matches the numbers
// Format makes of it, capturing the fiscal year and the sequence.
func (p numberPattern) compile() *parsedPattern {
	var re strings.Builder
	re.WriteString("^")
	groups := []string{}
	last := 0
	for _, m := range patternToken.FindAllStringSubmatchIndex(p.Pattern, -1) {
		re.WriteString(regexp.QuoteMeta(p.Pattern[last:m[0]]))
		last = m[1]
		switch tok := p.Pattern[m[2]:m[3]]; {
		case tok == "prefix":
			re.WriteString(regexp.QuoteMeta(p.Prefix))
		case tok == "fy":
			re.WriteString(`(\d{4}-\d{2})`)
			groups = append(groups, "fy")
		case tok == "yyyy":
			re.WriteString(`\d{4}`)
		case tok == "mm":
			re.WriteString(`\d{2}`)
		default:
			re.WriteString(`(\d+)`)
			groups = append(groups, "seq")
		}
	}
	re.WriteString(regexp.QuoteMeta(p.Pattern[last:]) + "$")
	return &parsedPattern{re: regexp.MustCompile(re.String()), groups: groups}
}
