// Package rulesclient is the typed client of the rules engine for the
// services that ask it for a decision (orders' credit check; finance and
// workflow may share it). It evaluates a rule set through the rules
// service's REST API with the platform service client, in process or
// over HTTP, with the caller's credential.
package rulesclient

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/svcclient"
)

// Client evaluates rule sets (POST /api/v1/rules/{key}/evaluate).
type Client struct {
	HTTP *svcclient.Client
}

// Evaluate answers rule set key for input on date at (zero: today in the
// tenant's zone). Outputs are as the engine's JSON gives them: decimals
// as strings, integers as numbers. Returns NOT_FOUND for an unknown set,
// FAILED_PRECONDITION when no version or row applies and INVALID_ARGUMENT
// for an input the set refuses.
func (c Client) Evaluate(ctx context.Context, key string, at time.Time, input map[string]any) (map[string]any, error) {
	body := struct {
		Input map[string]any `json:"input"`
		At    string         `json:"at,omitempty"`
	}{Input: input}
	if !at.IsZero() {
		body.At = at.Format(time.DateOnly)
	}
	var ans struct {
		Output map[string]any `json:"output"`
	}
	// Evaluation has no side effect: retried as a read.
	err := c.HTTP.Do(ctx, http.MethodPost, "/api/v1/rules/"+url.PathEscape(key)+"/evaluate", body, &ans, svcclient.ReadOnly())
	if err != nil {
		return nil, err
	}
	return ans.Output, nil
}

// Explain turns an evaluation's error into one for the document that
// asked: a missing set is the tenant's FAILED_PRECONDITION, a coded
// error keeps its code with the set named, anything else stays internal.
func Explain(key string, err error) error {
	if errs.Is(err, errs.NotFound) {
		return errs.E(errs.FailedPrecondition, "the tenant has no %s rule set; publish one in the rules service", key)
	}
	if e := errs.As(err); e.Code != errs.Internal {
		return errs.Wrap(e.Code, err, "%s: %s", key, e.Message)
	}
	return fmt.Errorf("evaluate %s: %w", key, err)
}
