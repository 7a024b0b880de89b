// Package testgraph is a small tenant-scoped subgraph for the gateway's
// tests: every tenant has its own notes whose authors are auth users, so a
// query through the gateway crosses two subgraphs and every answer can be
// checked for another tenant's data.
package testgraph

//go:generate go run github.com/99designs/gqlgen generate

// Resolver serves the notes of Store.
type Resolver struct {
	Store *Store
}
