package finance

import (
	"context"
	"encoding/json"
	"time"
)

// BatchRules is a Rules that answers several inputs of one set in one
// call; rulesclient.Client is one (POST /api/v1/rules/{key}/evaluate-batch). An
// invoice's lines then cost one call to the rules service, not one per
// VAT category. outs[i] or fails[i] answers inputs[i].
type BatchRules interface {
	EvaluateBatch(ctx context.Context, key string, at time.Time, inputs []map[string]any) (outs []map[string]any, fails []error, err error)
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
