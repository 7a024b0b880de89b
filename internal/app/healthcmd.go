package app

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/spf13/cobra"

	"github.com/vextrus/vextrus/internal/platform/errs"
)

// healthCommand asks a running process whether it is ready. Images
// without a shell or curl (distroless) run it as their container health
// check: the binary is the only program they hold.
func healthCommand(out io.Writer) *cobra.Command {
	var url string
	var timeout time.Duration
	cmd := &cobra.Command{
		Use:   "health",
		Short: "Exit 0 when a running process answers its readiness URL with a 2xx status",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx, cancel := context.WithTimeout(cmd.Context(), timeout)
			defer cancel()
			return probe(ctx, url, out)
		},
	}
	cmd.Flags().StringVar(&url, "url", "http://127.0.0.1:8080/readyz", "URL to GET, normally the process's /readyz or /healthz")
	cmd.Flags().DurationVar(&timeout, "timeout", 3*time.Second, "how long to wait for the answer")
	return cmd
}

// probe GETs url and fails unless the answer is 2xx; a redirect is not
// followed, since a health endpoint that redirects is misconfigured.
func probe(ctx context.Context, url string, out io.Writer) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return errs.Wrap(errs.InvalidArgument, err, "health: --url %q", url)
	}
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Do(req)
	if err != nil {
		return errs.Wrap(errs.Unavailable, err, "health: %s did not answer", url)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 4<<10))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return errs.E(errs.Unavailable, "health: %s answered %s: %s", url, resp.Status, body)
	}
	fmt.Fprintf(out, "%s %s\n", url, resp.Status)
	return nil
}
