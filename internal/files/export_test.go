package files

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/s3"
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
