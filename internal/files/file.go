package files

import (
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// The owner types a file may be attached to.
const (
	OwnerInvoice       = "finance.invoice"
	OwnerPurchaseOrder = "orders.purchase_order"
	OwnerSalesOrder    = "orders.sales_order"
	OwnerDocumentJob   = "documents.job"
)

// OwnerTypes are the owner types, in the order the API lists them.
var OwnerTypes = []string{OwnerInvoice, OwnerPurchaseOrder, OwnerSalesOrder, OwnerDocumentJob}

// Owner is what a file is attached to; the zero Owner is a file of its
// own.
type Owner struct {
	Type string
	ID   uuid.UUID
}

// IsZero reports whether o names no owner.
func (o Owner) IsZero() bool { return o.Type == "" && o.ID == uuid.Nil }

// ParseOwner reads an owner from its type and id as the API gives them:
// both empty, or a known type and a UUID. Returns INVALID_ARGUMENT naming
// ownerType or ownerId.
func ParseOwner(typ, id string) (Owner, error) {
	typ, id = strings.TrimSpace(typ), strings.TrimSpace(id)
	if typ == "" && id == "" {
		return Owner{}, nil
	}
	var c errs.Collector
	if !slices.Contains(OwnerTypes, typ) {
		c.Add("ownerType", "must be one of %s (with ownerId)", strings.Join(OwnerTypes, ", "))
	}
	u, err := uuid.Parse(id)
	if err != nil {
		c.Add("ownerId", "must be the UUID of the %s (with ownerType)", typ)
	}
	if err := c.Err(); err != nil {
		return Owner{}, err
	}
	return Owner{Type: typ, ID: u}, nil
}

// File is a stored file's metadata.
type File struct {
	ID          uuid.UUID
	Tenant      tenant.ID
	Name        string
	ContentType string
	Size        int64
	// SHA256 is the content's digest, lower-case hex.
	SHA256    string
	Owner     Owner
	CreatedBy string
	CreatedAt time.Time
	// DeletedAt is set once the file is deleted; a deleted file is kept
	// as a record but neither listed nor readable.
	DeletedAt *time.Time
	DeletedBy string
}

// objectKey is where the file's bytes are: under the tenant's prefix, so
// a key can never name another tenant's object.
func objectKey(t tenant.ID, id uuid.UUID) string { return t.String() + "/" + id.String() }

// maxNameLen bounds a file name, in characters.
const maxNameLen = 255

// cleanName checks a file's display name: 1 to 255 characters, no path
// separators and no control characters. Returns INVALID_ARGUMENT naming
// name.
func cleanName(name string) (string, error) {
	name = strings.TrimSpace(name)
	switch {
	case name == "":
		return "", errs.Field("name", "is required")
	case !utf8.ValidString(name):
		return "", errs.Field("name", "must be UTF-8")
	case utf8.RuneCountInString(name) > maxNameLen:
		return "", errs.Field("name", "must be at most %d characters", maxNameLen)
	case strings.ContainsAny(name, `/\`) || name == "." || name == "..":
		return "", errs.Field("name", "must be a file name without a path")
	case strings.IndexFunc(name, unicode.IsControl) >= 0:
		return "", errs.Field("name", "must not contain control characters")
	}
	return name, nil
}
