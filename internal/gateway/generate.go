package gateway

// The supergraph config is composed from the committed subgraph SDLs by
// WunderGraph's composition (npm `wgc`, pinned in api/supergraph's
// package-lock.json; run `npm ci` there once). CI regenerates both files
// and fails when the committed ones differ.
//go:generate sh -c "cd ../../api/supergraph && npx --no-install wgc router compose -i compose.yaml -o supergraph.json"
//go:generate sh -c "cd ../../api/supergraph && npx --no-install wgc router compose -i ../../internal/gateway/testdata/compose.yaml -o ../../internal/gateway/testdata/supergraph.json"

// GraphiQL's prebuilt bundles (npm `graphiql`, `react`, `react-dom`, pinned
// in web/graphiql's package-lock.json; run `npm ci` there once) are copied
// into assets/graphiql with their licenses. CI checks them the same way.
//go:generate sh -c "cd ../../web/graphiql && node vendor.mjs ../../internal/gateway/assets/graphiql"
