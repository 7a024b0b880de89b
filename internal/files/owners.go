package files

import (
	"context"
	"net/http"

	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/svcclient"
)

// OwnerChecker checks that what a file is to be attached to exists and
// that the caller may see it. Returns INVALID_ARGUMENT naming ownerId
// when it does not exist, PERMISSION_DENIED when the caller may not read
// it.
type OwnerChecker interface {
	CheckOwner(ctx context.Context, o Owner) error
}

// RemoteOwners checks owners by reading them from their services with the
// caller's credential (svcclient forwards it): an attachment is only made
// to an invoice or order its uploader can read. A document job is not
// asked of documents, which is the one that stores its output: its id is
// taken as given.
type RemoteOwners struct {
	Finance *svcclient.Client
	Orders  *svcclient.Client
}

// CheckOwner reads o from its service.
func (r RemoteOwners) CheckOwner(ctx context.Context, o Owner) error {
	var (
		client *svcclient.Client
		path   string
	)
	switch o.Type {
	case OwnerInvoice:
		client, path = r.Finance, "/api/v1/finance/invoices/"
	case OwnerPurchaseOrder:
		client, path = r.Orders, "/api/v1/orders/purchase-orders/"
	case OwnerSalesOrder:
		client, path = r.Orders, "/api/v1/orders/sales-orders/"
	default:
		return nil
	}
	if client == nil {
		return errs.E(errs.Unavailable, "files cannot check a %s: no client of its service", o.Type)
	}
	err := client.Do(ctx, http.MethodGet, path+o.ID.String(), nil, nil)
	switch errs.CodeOf(err) {
	case "":
		return nil
	case errs.NotFound:
		return errs.Field("ownerId", "no %s %s exists", o.Type, o.ID)
	case errs.PermissionDenied:
		return errs.E(errs.PermissionDenied, "attaching to a %s needs permission to read it", o.Type)
	}
	return err
}
