// Package filesclient is the typed client of the files service for the
// services that store or attach files (documents). It calls the files
// REST API through the platform service client, in process or over
// HTTP, with the caller's credential: storing needs files.file.write,
// reading and links files.file.read.
package filesclient

import (
	"context"
	"net/http"
	"net/url"
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/svcclient"
)

// Owner is what a file is attached to; the zero Owner is a file of its own.
type Owner struct {
	Type string `json:"type"` // "finance.invoice", "orders.purchase_order", "orders.sales_order", "documents.job"
	ID   string `json:"id"`
}

// File is a stored file as the files service answers it.
type File struct {
	ID          uuid.UUID `json:"id"`
	Name        string    `json:"name"`
	ContentType string    `json:"contentType"`
	Size        int64     `json:"size"`
	SHA256      string    `json:"sha256"` // hex
	Owner       Owner     `json:"owner"`  // json: {"type","id"}; zero when the service answers null
	CreatedAt   time.Time `json:"createdAt"`
	CreatedBy   string    `json:"createdBy"`
}

// Link is a presigned download link and when it stops working.
type Link struct {
	URL       string    `json:"url"`
	ExpiresAt time.Time `json:"expiresAt"`
}

// Client calls the files service with the caller's credential (the
// context's, as every svcclient call does).
type Client struct{ HTTP *svcclient.Client }

const base = "/api/v1/files"

// Put stores body as a file called name of contentType, attached to
// owner (none when zero). Each call sends its own idempotency key, so a
// retry after a lost answer stores the file once. Returns the service's
// INVALID_ARGUMENT (name, contentType, body, ownerId; 413 and 415 as the
// service answers them), PERMISSION_DENIED or UNAVAILABLE.
func (c Client) Put(ctx context.Context, name, contentType string, body []byte, owner Owner) (File, error) {
	q := url.Values{"name": {name}}
	if owner != (Owner{}) {
		q.Set("ownerType", owner.Type)
		q.Set("ownerId", owner.ID)
	}
	var f File
	err := c.HTTP.Do(ctx, http.MethodPost, base+"?"+q.Encode(), nil, &f,
		svcclient.Raw(contentType, body), svcclient.IdempotencyKey(uuid.NewString()))
	return f, err
}

// Get returns file id's metadata. Returns NOT_FOUND when the caller's
// tenant has no such file.
func (c Client) Get(ctx context.Context, id uuid.UUID) (File, error) {
	var f File
	err := c.HTTP.Do(ctx, http.MethodGet, base+"/"+id.String(), nil, &f)
	return f, err
}

// Link makes a presigned download link of file id. Returns NOT_FOUND.
func (c Client) Link(ctx context.Context, id uuid.UUID) (Link, error) {
	var l Link
	// A link changes nothing: retried as a read.
	err := c.HTTP.Do(ctx, http.MethodPost, base+"/"+id.String()+"/link", nil, &l, svcclient.ReadOnly())
	return l, err
}
