package files_test

import (
	"strings"
	"testing"

	"github.com/vextrus/vextrus/internal/files"
	"github.com/vextrus/vextrus/internal/platform/config"
)

func TestTheSectionAcceptsOnlyTypesTheServiceCanCheck(t *testing.T) {
	c := files.DefaultConfig()
	var ok config.Checker
	c.Validate(&ok)
	if p := ok.Problems(); len(p) != 0 {
		t.Fatalf("the defaults have problems: %v", p)
	}
	c.AllowedTypes = []string{"application/pdf", "application/x-msdownload", "text/plain; charset=utf-8"}
	c.LinkTTL, c.MaxSize, c.Endpoint = 0, 0, "s3.example.com"
	var bad config.Checker
	c.Validate(&bad)
	got := bad.Problems().Error()
	for _, want := range []string{"x-msdownload", "charset", "link_ttl", "max_size", "endpoint"} {
		if !strings.Contains(got, want) {
			t.Errorf("the problems do not name %s:\n%s", want, got)
		}
	}
}
