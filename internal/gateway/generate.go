package gateway

// The supergraph config is composed from the committed subgraph SDLs by
// WunderGraph's composition (npm `wgc`, pinned in api/supergraph's
// package-lock.json; run `npm ci` there once). CI regenerates both files
// and fails when the committed ones differ.
//go:generate sh -c "cd ../../api/supergraph && npx --no-install wgc router compose -i compose.yaml -o supergraph.json"
//go:generate sh -c "cd ../../api/supergraph && npx --no-install wgc router compose -i ../../internal/gateway/testdata/compose.yaml -o ../../internal/gateway/testdata/supergraph.json"
