package files

import (
	"mime"
	"net/url"
	"slices"
	"time"

	"github.com/vextrus/vextrus/internal/platform/config"
)

// Config is the `files` section: where the objects are kept and what the
// service accepts.
type Config struct {
	Endpoint string `yaml:"endpoint" doc:"S3-compatible endpoint URL (http(s)://host[:port]); empty in dev starts the in-process store"`
	// PublicEndpoint is the endpoint presigned links name when clients
	// reach the store by another address than the service does.
	PublicEndpoint string        `yaml:"public_endpoint" doc:"endpoint that presigned download links name; empty: endpoint"`
	Region         string        `yaml:"region" doc:"region the requests are signed for"`
	Bucket         string        `yaml:"bucket" doc:"bucket that holds every tenant's objects (keys begin with the tenant id)"`
	AccessKey      string        `yaml:"access_key" secret:"true" doc:"access key id of the object store credential"`
	SecretKey      string        `yaml:"secret_key" secret:"true" doc:"secret access key of the object store credential"`
	PathStyle      bool          `yaml:"path_style" doc:"address the bucket in the path (MinIO, Ceph) instead of the host name"`
	MaxSize        int64         `yaml:"max_size" doc:"largest file accepted, in bytes"`
	AllowedTypes   []string      `yaml:"allowed_types" doc:"media types a file may have (its sniffed content must agree)"`
	LinkTTL        time.Duration `yaml:"link_ttl" doc:"how long a presigned download link works"`
}

// DefaultAllowedTypes are the media types accepted unless configured:
// documents, images and spreadsheets an office attaches to invoices and
// orders.
var DefaultAllowedTypes = []string{
	"application/pdf",
	"image/png",
	"image/jpeg",
	"text/plain",
	"text/csv",
	"application/json",
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}

// DefaultConfig is the section's defaults.
func DefaultConfig() Config {
	return Config{Region: "us-east-1", Bucket: "vextrus-files", MaxSize: 25 << 20,
		AllowedTypes: slices.Clone(DefaultAllowedTypes), LinkTTL: 15 * time.Minute}
}

// Validate reports every problem with the section; that the endpoint is
// set in serve mode is the module's check.
func (c *Config) Validate(ch *config.Checker) {
	for key, v := range map[string]string{"endpoint": c.Endpoint, "public_endpoint": c.PublicEndpoint} {
		if v == "" {
			continue
		}
		u, err := url.Parse(v)
		ch.Check(err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "", key, "must be http(s)://host[:port]")
	}
	ch.Check(c.Region != "", "region", "is required")
	ch.Check(c.Bucket != "", "bucket", "is required")
	ch.Check(c.MaxSize > 0, "max_size", "must be positive")
	ch.Check(c.LinkTTL >= time.Second && c.LinkTTL <= 7*24*time.Hour, "link_ttl", "must be from 1s to 168h")
	ch.Check(len(c.AllowedTypes) > 0, "allowed_types", "must name at least one media type")
	for _, t := range c.AllowedTypes {
		mt, params, err := mime.ParseMediaType(t)
		if err != nil || mt != t || len(params) > 0 {
			ch.Add("allowed_types", "%q is not a bare media type such as application/pdf", t)
		} else if _, ok := sniffers[mt]; !ok {
			ch.Add("allowed_types", "%q has no content check; the service accepts %v", t, Checkable())
		}
	}
}
