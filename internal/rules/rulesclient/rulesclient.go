// Package rulesclient is the typed client of the rules engine for the
// services that ask it for a decision (orders' credit check, finance's tax
// rates, workflow's approval chains). It evaluates a rule set through the rules
// service's REST API with the platform service client, in process or
// over HTTP, with the caller's credential.
package rulesclient

import (
	"context"
	"encoding/json"
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
	var out map[string]any
	if _, err := c.EvaluateInto(ctx, key, at, input, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// EvaluateInto is Evaluate decoding the output into out (a pointer), for
// a caller with a type for it, and returning the version of the set that
// answered. Returns the codes of Evaluate.
func (c Client) EvaluateInto(ctx context.Context, key string, at time.Time, input map[string]any, out any) (int, error) {
	var ans struct {
		Output  json.RawMessage `json:"output"`
		Version int             `json:"version"`
	}
	// Evaluation has no side effect: retried as a read. No
	// Idempotency-Key: the same input must be answered afresh, and the
	// rules service need not store the answer.
	err := c.HTTP.Do(ctx, http.MethodPost, c.path(key, "evaluate"), request{Input: input, At: dateOf(at)}, &ans, svcclient.ReadOnly())
	if err != nil {
		return 0, err
	}
	if len(ans.Output) > 0 {
		if err := json.Unmarshal(ans.Output, out); err != nil {
			return 0, errs.Wrap(errs.Internal, err, "decode the output of %s", key)
		}
	}
	return ans.Version, nil
}

// request is one evaluation as the rules API reads it.
type request struct {
	Input map[string]any `json:"input"`
	At    string         `json:"at,omitempty"`
}

// dateOf writes at as the API's date, "" for zero (today).
func dateOf(at time.Time) string {
	if at.IsZero() {
		return ""
	}
	return at.Format(time.DateOnly)
}

func (Client) path(key, action string) string {
	return "/api/v1/rules/" + url.PathEscape(key) + "/" + action
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
