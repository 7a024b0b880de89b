package console

import (
	"net/http"
	"net/url"

	"github.com/vextrus/vextrus/internal/platform/errs"
)

// reversePayment undoes a recorded payment (a bounced cheque, a recalled
// transfer, a payment recorded in error) with its date and the required
// reason: finance posts the reversing journal and gives the allocations
// back to their invoices. Its refusals (a reason missing, a date before
// the payment's, a payment matched to a bank statement line, a closed
// period) come back on the payment's page by the reversal's fields.
func (c *Console) reversePayment(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	in := map[string]string{"date": r.PostFormValue("date"), "reason": r.PostFormValue("reason")}
	if err := c.API(r, c.svc.Finance, http.MethodPost, financeAPI+"payments/"+url.PathEscape(id)+"/reverse", in, nil); err != nil {
		switch errs.CodeOf(err) {
		case errs.InvalidArgument, errs.Conflict, errs.FailedPrecondition, errs.PermissionDenied:
			return c.showPaymentForms(w, r, errs.Public(err).HTTPStatus(), nil, NewForm(Href("payments", id, "reverse"), r.PostForm, err))
		}
		return err
	}
	Redirect(w, r, Href("payments", id))
	return nil
}
