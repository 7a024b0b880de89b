package files

import (
	"context"
	"net/http"

	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/vextrus/vextrus/internal/platform/httpx"
)

// CountObjects counts the objects under prefix in c's bucket, for the
// tests to see what an upload left in the store.
func CountObjects(ctx context.Context, c Config, prefix string) (int, error) {
	st, err := NewS3(c)
	if err != nil {
		return 0, err
	}
	out, err := st.client.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: &c.Bucket, Prefix: &prefix})
	if err != nil {
		return 0, err
	}
	return len(out.Contents), nil
}

// RouteMaps are the route maps Routes mounts, for the external tests to
// check against the OpenAPI document.
func RouteMaps() []map[string]httpx.HandlerFunc {
	return []map[string]httpx.HandlerFunc{(&Service{}).fileRoutes()}
}

// MountRoutes mounts the REST API of a service without dependencies: the
// patterns only, for the tests that compare them with the document.
func MountRoutes(mux *http.ServeMux) { (&Service{}).Routes(mux) }
