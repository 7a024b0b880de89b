package files

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/url"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/vextrus/vextrus/internal/platform/errs"
)

// S3 is Storage in one bucket of an S3-compatible store.
type S3 struct {
	client  *s3.Client
	presign *s3.PresignClient
	bucket  string
}

// NewS3 returns the storage c describes. The SDK's own configuration
// chain (environment, shared files, instance roles) is not consulted:
// the section is the one place the credential comes from.
func NewS3(c Config) (*S3, error) {
	if c.Endpoint == "" || c.Bucket == "" || c.Region == "" {
		return nil, errors.New("files: the object store needs an endpoint, a bucket and a region")
	}
	opts := func(public string) func(*s3.Options) {
		return func(o *s3.Options) {
			o.BaseEndpoint = aws.String(public)
			o.UsePathStyle = c.PathStyle
			// Checksums only where the API requires them: S3-compatible
			// stores differ in the trailing checksums they understand.
			o.RequestChecksumCalculation = aws.RequestChecksumCalculationWhenRequired
			o.ResponseChecksumValidation = aws.ResponseChecksumValidationWhenRequired
		}
	}
	base := s3.Options{Region: c.Region,
		Credentials: aws.NewCredentialsCache(credentials.NewStaticCredentialsProvider(c.AccessKey, c.SecretKey, ""))}
	client := s3.New(base, opts(c.Endpoint))
	linkEndpoint := c.PublicEndpoint
	if linkEndpoint == "" {
		linkEndpoint = c.Endpoint
	}
	presign := s3.NewPresignClient(s3.New(base, opts(linkEndpoint)))
	return &S3{client: client, presign: presign, bucket: c.Bucket}, nil
}

// Put stores body under key.
func (s *S3) Put(ctx context.Context, key, contentType string, body []byte) error {
	_, err := s.client.PutObject(ctx, &s3.PutObjectInput{Bucket: &s.bucket, Key: &key, Body: bytes.NewReader(body),
		ContentLength: aws.Int64(int64(len(body))), ContentType: &contentType})
	if err != nil {
		return errs.Wrap(errs.Unavailable, err, "the object store did not take the file")
	}
	return nil
}

// Get opens the object at key.
func (s *S3) Get(ctx context.Context, key string) (io.ReadCloser, error) {
	out, err := s.client.GetObject(ctx, &s3.GetObjectInput{Bucket: &s.bucket, Key: &key})
	if err != nil {
		var missing *types.NoSuchKey
		if errors.As(err, &missing) {
			return nil, errs.E(errs.NotFound, "the file's content is missing from the object store")
		}
		return nil, errs.Wrap(errs.Unavailable, err, "the object store did not answer")
	}
	return out.Body, nil
}

// Delete removes the object at key.
func (s *S3) Delete(ctx context.Context, key string) error {
	if _, err := s.client.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: &s.bucket, Key: &key}); err != nil {
		return fmt.Errorf("delete object %s: %w", key, err)
	}
	return nil
}

// Link presigns a GET of key valid for ttl; the download is named name.
func (s *S3) Link(ctx context.Context, key, name, contentType string, ttl time.Duration) (string, time.Time, error) {
	disposition := mime.FormatMediaType("attachment", map[string]string{"filename": name})
	req, err := s.presign.PresignGetObject(ctx, &s3.GetObjectInput{Bucket: &s.bucket, Key: &key,
		ResponseContentDisposition: &disposition, ResponseContentType: &contentType}, s3.WithPresignExpires(ttl))
	if err != nil {
		return "", time.Time{}, errs.Wrap(errs.Internal, err, "presign the link")
	}
	// The link expires ttl after the time it was signed at, which it
	// carries.
	u, err := url.Parse(req.URL)
	if err != nil {
		return "", time.Time{}, errs.Wrap(errs.Internal, err, "read the presigned link")
	}
	signed, err := time.Parse("20060102T150405Z", u.Query().Get("X-Amz-Date"))
	if err != nil {
		return "", time.Time{}, errs.Wrap(errs.Internal, err, "read the presigned link's date")
	}
	return req.URL, signed.Add(ttl).UTC(), nil
}
