//go:build nodev

package app

import (
	"context"
	"errors"
	"log/slog"
)

// errNoDev is what `vextrus dev` says in a release binary: it is built
// with the tag nodev (.ci/build-binary), which leaves out the embedded
// engines (the Temporal server and its UI, the Kafka-protocol broker, the
// object store) that only dev needs, and more than halves the image.
var errNoDev = errors.New("this binary is built without the embedded engines (build tag nodev): " +
	"run `vextrus serve` against configured engines, or build without the tag for `vextrus dev`")

// devStack is empty: nothing is embedded.
type devStack struct{ appPasswordFile string }

func startDevStack(context.Context, *Config, string, *slog.Logger) (*devStack, error) {
	return nil, errNoDev
}

func (*devStack) temporalUI() string { return "" }

func (*devStack) stop() error { return nil }
