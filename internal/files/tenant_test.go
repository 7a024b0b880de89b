package files_test

import (
	"net/http"
	"testing"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/files"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

func TestTenantBCannotListGetDownloadPresignOrDeleteTenantAsFiles(t *testing.T) {
	f := newFixture(t)
	a, b := tenant.New(), tenant.New()
	ca, cb := f.client(t, a), f.client(t, b)
	invoice := uuid.NewString()
	var file files.FileJSON
	upload(ca, "a.pdf", "application/pdf", pdf(1000), "&ownerType=finance.invoice&ownerId="+invoice).
		Want(t, http.StatusCreated).Decode(t, &file)
	one := files.Base + "/" + file.ID.String()

	t.Run("over REST", func(t *testing.T) {
		cb.Do(http.MethodGet, one, nil).WantProblem(t, http.StatusNotFound, errs.NotFound)
		cb.Do(http.MethodGet, one+"/content", nil).WantProblem(t, http.StatusNotFound, errs.NotFound)
		cb.Do(http.MethodPost, one+"/link", nil).WantProblem(t, http.StatusNotFound, errs.NotFound)
		cb.Do(http.MethodDelete, one, nil).WantProblem(t, http.StatusNotFound, errs.NotFound)
		for _, q := range []string{"", "?ownerType=finance.invoice&ownerId=" + invoice} {
			var page struct{ Items []files.FileJSON }
			cb.Do(http.MethodGet, files.Base+q, nil).Want(t, http.StatusOK).Decode(t, &page)
			if len(page.Items) != 0 {
				t.Errorf("tenant B lists %d of tenant A's files with %q", len(page.Items), q)
			}
		}
	})
	t.Run("in the service", func(t *testing.T) {
		if _, err := f.svc.Get(clerk(b), file.ID); !errs.Is(err, errs.NotFound) {
			t.Errorf("Get: %v", err)
		}
		if _, _, err := f.svc.Open(clerk(b), file.ID); !errs.Is(err, errs.NotFound) {
			t.Errorf("Open: %v", err)
		}
		if _, err := f.svc.CreateLink(clerk(b), file.ID); !errs.Is(err, errs.NotFound) {
			t.Errorf("CreateLink: %v", err)
		}
	})
	// And tenant A still has it, unharmed.
	ca.Do(http.MethodGet, one, nil).Want(t, http.StatusOK)
	var page struct{ Items []files.FileJSON }
	ca.Do(http.MethodGet, files.Base+"?ownerType=finance.invoice&ownerId="+invoice, nil).Want(t, http.StatusOK).Decode(t, &page)
	if len(page.Items) != 1 || page.Items[0].ID != file.ID {
		t.Fatalf("tenant A lists %+v", page.Items)
	}
}

func TestReadingNeedsTheReadPermission(t *testing.T) {
	f := newFixture(t)
	tn := tenant.New()
	c := f.client(t, tn)
	var file files.FileJSON
	upload(c, "a.pdf", "application/pdf", pdf(100), "").Want(t, http.StatusCreated).Decode(t, &file)
	one := files.Base + "/" + file.ID.String()
	none := []string{"X-Test-Permissions", "orders.sales.read"}
	c.Do(http.MethodGet, one, nil, none...).WantProblem(t, http.StatusForbidden, errs.PermissionDenied)
	c.Do(http.MethodGet, one+"/content", nil, none...).WantProblem(t, http.StatusForbidden, errs.PermissionDenied)
	c.Do(http.MethodPost, one+"/link", nil, none...).WantProblem(t, http.StatusForbidden, errs.PermissionDenied)
	c.Do(http.MethodGet, files.Base, nil, none...).WantProblem(t, http.StatusForbidden, errs.PermissionDenied)
	upload(c, "b.pdf", "application/pdf", pdf(100), "").Want(t, http.StatusCreated)
	c.Do(http.MethodPost, files.Base+"?name=c.pdf", pdf(100), append([]string{"Content-Type", "application/pdf"}, none...)...).
		WantProblem(t, http.StatusForbidden, errs.PermissionDenied)
}

func TestAttachmentsAreListedByOwnerNewestFirstInPages(t *testing.T) {
	f := newFixture(t)
	tn := tenant.New()
	c := f.client(t, tn)
	order, other := uuid.NewString(), uuid.NewString()
	var ids []uuid.UUID
	for i, name := range []string{"po.pdf", "challan.pdf", "photo.pdf"} {
		var file files.FileJSON
		upload(c, name, "application/pdf", pdf(100+i), "&ownerType=orders.purchase_order&ownerId="+order).
			Want(t, http.StatusCreated).Decode(t, &file)
		if file.Owner == nil || file.Owner.Type != files.OwnerPurchaseOrder || file.Owner.ID != order {
			t.Fatalf("owner %+v", file.Owner)
		}
		ids = append(ids, file.ID)
	}
	upload(c, "x.pdf", "application/pdf", pdf(100), "&ownerType=orders.sales_order&ownerId="+other).Want(t, http.StatusCreated)
	upload(c, "y.pdf", "application/pdf", pdf(100), "").Want(t, http.StatusCreated)

	var got []uuid.UUID
	cursor := ""
	for range 4 {
		var page struct {
			Items      []files.FileJSON
			NextCursor *string
		}
		c.Do(http.MethodGet, files.Base+"?limit=2&ownerType=orders.purchase_order&ownerId="+order+cursor, nil).
			Want(t, http.StatusOK).Decode(t, &page)
		for _, it := range page.Items {
			got = append(got, it.ID)
		}
		if page.NextCursor == nil {
			break
		}
		cursor = "&cursor=" + *page.NextCursor
	}
	if len(got) != 3 || got[0] != ids[2] || got[1] != ids[1] || got[2] != ids[0] {
		t.Fatalf("listed %v, want %v newest first", got, ids)
	}
	c.Do(http.MethodGet, files.Base+"?ownerType=orders.order&ownerId="+order, nil).WantProblem(t, http.StatusBadRequest, errs.InvalidArgument)
}
