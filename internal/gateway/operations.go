package gateway

import (
	"bytes"

	"github.com/cespare/xxhash/v2"
	lru "github.com/hashicorp/golang-lru/v2"
	"github.com/wundergraph/graphql-go-tools/v2/pkg/ast"
)

// operations remembers the requests that passed every step that depends
// only on their text: parsing, the operation picked, the limits,
// normalisation, validation of the operation and its variables, and the
// plan. A request with the same query, operation name and variables runs
// the remembered plan at once; only what depends on the caller (admit, the
// GET rule) and the resolving itself happen every time. A request that
// failed a step is not kept, so it fails again the same way.
//
// The key is the whole text, not only its hash: two different requests
// never share an entry.
type operations struct {
	cache *lru.Cache[uint64, *operationEntry]
}

// maxOperationKey bounds the text of a kept request, so the cache holds at
// most operationsCached × 16 KiB of it.
const (
	operationsCached = 1024
	maxOperationKey  = 16 << 10
)

type operationKey struct {
	query, name string
	vars        []byte
}

type operationEntry struct {
	key operationKey
	p   *prepared
}

func newOperations() *operations {
	c, _ := lru.New[uint64, *operationEntry](operationsCached) // errors only for a size ≤ 0
	return &operations{cache: c}
}

func (k operationKey) size() int { return len(k.query) + len(k.name) + len(k.vars) }

func (k operationKey) hash() uint64 {
	d := xxhash.New()
	_, _ = d.WriteString(k.query)
	_, _ = d.Write([]byte{0})
	_, _ = d.WriteString(k.name)
	_, _ = d.Write([]byte{0})
	_, _ = d.Write(k.vars)
	return d.Sum64()
}

// get returns the planned operation of a request seen before.
func (o *operations) get(k operationKey) (*prepared, bool) {
	if k.size() > maxOperationKey {
		return nil, false
	}
	e, ok := o.cache.Get(k.hash())
	if !ok || e.key.query != k.query || e.key.name != k.name || !bytes.Equal(e.key.vars, k.vars) {
		return nil, false
	}
	return e.p, true
}

// add keeps planned p for requests like k. The parsed and normalised
// documents are dropped: the plan is all a later request needs.
func (o *operations) add(k operationKey, p *prepared) {
	if k.size() > maxOperationKey {
		return
	}
	p.doc, p.varsValue = ast.Document{}, nil
	k.vars = bytes.Clone(k.vars) // the request's body is not kept
	o.cache.Add(k.hash(), &operationEntry{key: k, p: p})
}
