package rulesclient

import (
	"context"
	"net/http"
	"time"

	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/svcclient"
)

// EvaluateBatch answers rule set key for every input on date at in one
// call (POST /api/v1/rules/{key}/evaluate-batch): outs[i] or fails[i]
// answers inputs[i], each failure with the code Evaluate would return.
// err is the call's own failure.
func (c Client) EvaluateBatch(ctx context.Context, key string, at time.Time, inputs []map[string]any) (outs []map[string]any, fails []error, err error) {
	body := struct {
		Requests []request `json:"requests"`
	}{Requests: make([]request, len(inputs))}
	for i, in := range inputs {
		body.Requests[i] = request{Input: in, At: dateOf(at)}
	}
	var ans struct {
		Items []struct {
			Output map[string]any `json:"output"`
			Error  *struct {
				Code   errs.Code `json:"code"`
				Detail string    `json:"detail"`
			} `json:"error"`
		} `json:"items"`
	}
	if err := c.HTTP.Do(ctx, http.MethodPost, c.path(key, "evaluate-batch"), body, &ans, svcclient.ReadOnly()); err != nil {
		return nil, nil, err
	}
	if len(ans.Items) != len(inputs) {
		return nil, nil, errs.E(errs.Internal, "%s answered %d results for %d inputs", key, len(ans.Items), len(inputs))
	}
	outs, fails = make([]map[string]any, len(inputs)), make([]error, len(inputs))
	for i, it := range ans.Items {
		if it.Error != nil {
			fails[i] = errs.E(it.Error.Code, "%s", it.Error.Detail)
			continue
		}
		outs[i] = it.Output
	}
	return outs, fails, nil
}
