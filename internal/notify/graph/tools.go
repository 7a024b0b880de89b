//go:build tools

package graph

// The generator of this package, kept in go.mod so `go generate` and
// `go mod tidy` agree.
import _ "github.com/99designs/gqlgen"
