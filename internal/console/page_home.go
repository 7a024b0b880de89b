package console

import (
	"net/http"

	"github.com/vextrus/vextrus/internal/finance"
	"github.com/vextrus/vextrus/internal/orders"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/workflow"
)

var errNoPage = errs.E(errs.NotFound, "there is no such page")

// homeData is what waits for the user.
type homeData struct {
	Tasks    []inboxTask
	MoreWork bool
	// Overdue is the receivables past due (nil without the permission):
	// the total and the parties owing most.
	Overdue *overdue
	// Unavailable names the sections whose service did not answer.
	Unavailable []string
}

// home shows what waits for the user: their approval tasks first, the
// receivables past due, and the stock at or below its reorder level.
func (c *Console) home(w http.ResponseWriter, r *http.Request) error {
	var d homeData
	if Can(r.Context(), workflow.PermRead) {
		page, err := c.inbox(r, "")
		if err != nil {
			d.Unavailable = append(d.Unavailable, "home.approvals")
		}
		d.Tasks, d.MoreWork = page.Items, page.NextCursor != nil
	}
	if Can(r.Context(), finance.PermReportRead) {
		o, err := c.overdue(r)
		if err != nil {
			d.Unavailable = append(d.Unavailable, "home.overdue")
		} else {
			d.Overdue = &o
		}
	}
	var low *lowStock
	if Can(r.Context(), orders.PermStockRead) {
		l, err := c.lowStock(r)
		if err != nil {
			d.Unavailable = append(d.Unavailable, "home.low_stock")
		} else {
			low = &l
		}
	}
	c.Render(w, r, http.StatusOK, "home.title", HomeWithStock(d, low))
	return nil
}
