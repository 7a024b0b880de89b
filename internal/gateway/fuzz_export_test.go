package gateway

import (
	"context"
	"net/http"
)

// Planner takes an operation through every step the gateway runs on a
// request it has not seen before, up to calling a subgraph: parse,
// measure, the default limits, normalise, validate and plan.
type Planner struct {
	exec   *executor
	limits Limits
}

// NewPlanner builds a Planner of the supergraph config raw; its
// subgraphs are never called.
func NewPlanner(ctx context.Context, raw []byte) (*Planner, error) {
	names, err := SubgraphNames(raw)
	if err != nil {
		return nil, err
	}
	list := make([]Subgraph, len(names))
	for i, n := range names {
		list[i] = Subgraph{Name: n, URL: "http://127.0.0.1:1/" + n}
	}
	sg, err := loadSupergraph(ctx, raw, list, http.DefaultClient)
	if err != nil {
		return nil, err
	}
	exec, err := newExecutor(ctx, sg, 1)
	if err != nil {
		return nil, err
	}
	c := DefaultConfig()
	return &Planner{exec: exec, limits: Limits{MaxDepth: c.MaxDepth, MaxAliases: c.MaxAliases,
		MaxRootFields: c.MaxRootFields, MaxCost: c.MaxCost}}, nil
}

// Plan runs query (operation name, variables) through the steps run
// takes before executing it.
func (p *Planner) Plan(query, name string, vars []byte) error {
	if err := p.limits.checkNesting(query); err != nil {
		return err
	}
	pr, err := parseOperation(query, name, vars)
	if err != nil {
		return err
	}
	if err := p.limits.check(pr.shape); err != nil {
		return err
	}
	if err := p.exec.prepare(pr, name); err != nil {
		return err
	}
	_, err = p.exec.plan(pr, name)
	return err
}
