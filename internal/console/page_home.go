package console

import (
	"net/http"

	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/workflow"
)

var errNoPage = errs.E(errs.NotFound, "there is no such page")

// homeData is what waits for the user.
type homeData struct {
	Tasks    []inboxTask
	MoreWork bool
	// Unavailable names the sections whose service did not answer.
	Unavailable []string
}

// home shows what waits for the user: their approval tasks first.
func (c *Console) home(w http.ResponseWriter, r *http.Request) error {
	var d homeData
	if Can(r.Context(), workflow.PermRead) {
		page, err := c.inbox(r, "")
		if err != nil {
			d.Unavailable = append(d.Unavailable, "home.approvals")
		}
		d.Tasks, d.MoreWork = page.Items, page.NextCursor != nil
	}
	c.Render(w, r, http.StatusOK, "home.title", HomePage(d))
	return nil
}
