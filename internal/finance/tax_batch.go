package finance

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"time"

	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/svcclient"
)

// BatchRules is a Rules that answers several inputs of one set in one
// call; RulesClient is one (POST /api/v1/rules/{key}/evaluate-batch). An
// invoice's lines then cost one call to the rules service, not one per
// VAT category. outs[i] or fails[i] answers inputs[i].
type BatchRules interface {
	EvaluateBatch(ctx context.Context, key string, at time.Time, inputs []map[string]any) (outs []map[string]any, fails []error, err error)
}

// EvaluateBatch asks the rules service for every input at once.
func (r RulesClient) EvaluateBatch(ctx context.Context, key string, at time.Time, inputs []map[string]any) ([]map[string]any, []error, error) {
	type request struct {
		Input map[string]any `json:"input"`
		At    string         `json:"at,omitempty"`
	}
	body := struct {
		Requests []request `json:"requests"`
	}{Requests: make([]request, len(inputs))}
	for i, in := range inputs {
		body.Requests[i] = request{Input: in}
		if !at.IsZero() {
			body.Requests[i].At = at.Format(DateLayout)
		}
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
	err := r.Client.Do(ctx, http.MethodPost, "/api/v1/rules/"+url.PathEscape(key)+"/evaluate-batch", body, &ans, svcclient.ReadOnly())
	if err != nil {
		return nil, nil, err
	}
	if len(ans.Items) != len(inputs) {
		return nil, nil, errs.E(errs.Internal, "%s answered %d results for %d inputs", key, len(ans.Items), len(inputs))
	}
	outs, fails := make([]map[string]any, len(inputs)), make([]error, len(inputs))
	for i, it := range ans.Items {
		if it.Error != nil {
			fails[i] = errs.E(it.Error.Code, "%s", it.Error.Detail)
			continue
		}
		outs[i] = it.Output
	}
	return outs, fails, nil
}

// prefetched answers Evaluate for the inputs of one set and date fetched
// in one batch, and passes anything else to next.
type prefetched struct {
	next Rules
	key  string
	at   time.Time
	outs map[string]map[string]any
	errs map[string]error
}

func inputKey(in map[string]any) string {
	b, _ := json.Marshal(in) // map keys are sorted
	return string(b)
}

func (p *prefetched) Evaluate(ctx context.Context, key string, at time.Time, input map[string]any) (map[string]any, error) {
	if key == p.key && at.Equal(p.at) {
		k := inputKey(input)
		if out, ok := p.outs[k]; ok {
			return out, nil
		}
		if err, ok := p.errs[k]; ok {
			return nil, err
		}
	}
	return p.next.Evaluate(ctx, key, at, input)
}

// prefetch returns rules with the answers of key for inputs on at fetched
// in one call when rules can batch; otherwise, or when the batch fails,
// rules itself, which then asks input by input.
func prefetch(ctx context.Context, rules Rules, key string, at time.Time, inputs []map[string]any) Rules {
	br, ok := rules.(BatchRules)
	if !ok || len(inputs) < 2 {
		return rules
	}
	outs, fails, err := br.EvaluateBatch(ctx, key, at, inputs)
	if err != nil {
		return rules
	}
	p := &prefetched{next: rules, key: key, at: at, outs: map[string]map[string]any{}, errs: map[string]error{}}
	for i, in := range inputs {
		if fails[i] != nil {
			p.errs[inputKey(in)] = fails[i]
		} else {
			p.outs[inputKey(in)] = outs[i]
		}
	}
	return p
}
