//go:build nodev

package app

import (
	"context"

	"github.com/vextrus/vextrus/internal/files"
)

// startDevObjectStore: a release binary embeds no object store (errNoDev).
func (a *App) startDevObjectStore(*files.Config) (func(context.Context) error, error) {
	return nil, errNoDev
}
