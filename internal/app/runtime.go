package app

import (
	"os"
	"runtime/debug"
)

// DefaultGCPercent is the garbage collector's target when GOGC is not set.
// Go's default of 100 collects each time the heap doubles; a request of
// this server (JSON, GraphQL planning, pgx rows) allocates enough that
// under load collection takes a large share of the CPU (docs/scaling.md,
// graphql). 400 lets the heap grow to five times its live size between
// collections, trading memory for CPU; an operator bounds memory with
// GOMEMLIMIT (the collector then runs earlier) or overrides with GOGC.
const DefaultGCPercent = 400

// TuneRuntime applies DefaultGCPercent unless GOGC is set. Binaries call
// it first thing in main.
func TuneRuntime() {
	if _, set := os.LookupEnv("GOGC"); !set {
		debug.SetGCPercent(DefaultGCPercent)
	}
}
