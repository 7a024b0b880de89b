package console_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/vextrus/vextrus/internal/app"
)

func TestTheHomePageListsStockAtOrBelowItsReorderLevelToThoseWhoMayReadStock(t *testing.T) {
	base, owner := platform(t)
	suffix := fmt.Sprint(time.Now().UnixNano() % 1e8)
	var product, site struct{ ID string }
	owner.Do(http.MethodPost, "/api/v1/masterdata/products", map[string]any{"sku": "LOW-" + suffix, "name": "Teesta sand " + suffix,
		"unit": "cft", "vatCategory": "standard"}).Want(t, http.StatusCreated).Decode(t, &product)
	owner.Do(http.MethodPost, "/api/v1/orders/locations", map[string]any{"code": "LOWSITE-" + suffix, "name": "Rupsha site",
		"kind": "project_site"}).Want(t, http.StatusCreated).Decode(t, &site)
	// Nothing on hand: at a level of 12.5 it is low by 12.5.
	owner.Do(http.MethodPut, "/api/v1/orders/stock/reorder-levels/"+product.ID+"/"+site.ID,
		map[string]any{"reorderLevel": "12.5"}).Want(t, http.StatusOK)

	b := newBrowserless(t, base)
	b.signIn(app.DevTenant, app.DevAdmin, devPassword)
	_, home := b.get("/console/")
	panel := home[strings.Index(home, `id="home-low-stock"`)+1:]
	if !strings.Contains(home, `id="home-low-stock"`) || !strings.Contains(panel, "LOW-"+suffix+" — Teesta sand "+suffix) ||
		!strings.Contains(panel, "LOWSITE-"+suffix+" — Rupsha site") || !strings.Contains(panel, "12.5 cft") {
		t.Fatalf("the low stock panel does not list the sand at the site:\n%s", home)
	}

	role(t, owner, "no_stock_reader", "workflow.approval.read")
	reader := person(t, base, owner, "nostock", "no_stock_reader")
	c := newBrowserless(t, base)
	c.signIn(app.DevTenant, reader, userPassword)
	if _, home := c.get("/console/"); strings.Contains(home, "home-low-stock") {
		t.Fatal("a user without orders.stock.read is shown low stock")
	}
}
