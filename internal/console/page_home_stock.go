package console

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/vextrus/vextrus/internal/masterdata"
	"github.com/vextrus/vextrus/internal/orders"
	"github.com/vextrus/vextrus/internal/platform/httpx"
)

// lowStockShown is the low stock lines the home page lists.
const lowStockShown = 5

// lowStock is the stock at or below its reorder level (orders' low-stock
// list, first lines): what to reorder, and where.
type lowStock struct {
	Lines []lowStockLine
	// More is set when more lines are low than are shown.
	More bool
}

type lowStockLine struct {
	Product, Unit, Location  string
	OnHand, Level, Shortfall string
}

// lowStock reads the first low stock lines and names their products
// and locations, by the names the user may read (the ids otherwise).
func (c *Console) lowStock(r *http.Request) (lowStock, error) {
	var page httpx.Page[orders.LowStockJSON]
	if err := c.API(r, c.svc.Orders, http.MethodGet, "/api/v1/orders/stock/low?limit="+strconv.Itoa(lowStockShown+1), nil, &page); err != nil {
		return lowStock{}, err
	}
	out := lowStock{More: len(page.Items) > lowStockShown}
	items := page.Items[:min(lowStockShown, len(page.Items))]
	products := map[string]Record{}
	if Can(r.Context(), masterdata.PermProductRead) && len(items) > 0 {
		ids := make([]string, len(items))
		for i, it := range items {
			ids[i] = it.ProductID
		}
		var found struct{ Items []Record }
		if err := c.API(r, c.svc.Masterdata, http.MethodPost, masterdataAPI+"products/lookup", map[string]any{"ids": ids}, &found); err != nil {
			return lowStock{}, err
		}
		for _, p := range found.Items {
			products[p.Str("id")] = p
		}
	}
	locations := map[string]string{}
	for _, it := range items {
		name, ok := locations[it.LocationID]
		if !ok {
			name = it.LocationID
			var loc Record
			if Can(r.Context(), orders.PermLocationRead) &&
				c.API(r, c.svc.Orders, http.MethodGet, "/api/v1/orders/locations/"+url.PathEscape(it.LocationID), nil, &loc) == nil {
				name = loc.Str("code") + " — " + loc.Str("name")
			}
			locations[it.LocationID] = name
		}
		line := lowStockLine{Product: it.ProductID, Location: name, OnHand: it.OnHand, Level: it.ReorderLevel, Shortfall: it.Shortfall}
		if p, ok := products[it.ProductID]; ok {
			line.Product, line.Unit = p.Str("sku")+" — "+p.Str("name"), p.Str("unit")
		}
		out.Lines = append(out.Lines, line)
	}
	return out, nil
}
