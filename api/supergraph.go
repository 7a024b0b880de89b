package api

import _ "embed"

// Supergraph is the gateway's router execution config, composed from
// graphql/*.graphql by `go generate ./internal/gateway` (see
// supergraph/compose.yaml).
//
//go:embed supergraph/supergraph.json
var Supergraph []byte
