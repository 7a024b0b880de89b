//go:build !nodev

package app

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"path/filepath"

	"github.com/vextrus/vextrus/internal/files"
	"github.com/vextrus/vextrus/internal/files/devs3"
)

// startDevObjectStore starts devs3 with its bolt file in the dev data
// directory and points cfg at it. Without a configured credential it
// makes one for this run: links of an earlier run stop working. It
// returns what stops the store.
func (a *App) startDevObjectStore(cfg *files.Config) (func(context.Context) error, error) {
	if cfg.AccessKey == "" {
		cfg.AccessKey = "vextrus-dev"
	}
	if cfg.SecretKey == "" {
		b := make([]byte, 24)
		_, _ = rand.Read(b)
		cfg.SecretKey = hex.EncodeToString(b)
	}
	file := filepath.Join(a.Config.Dev.Dir, "files.bolt")
	store, err := devs3.Start(devs3.Options{File: file, AccessKey: cfg.AccessKey, SecretKey: cfg.SecretKey,
		Region: cfg.Region, Buckets: []string{cfg.Bucket}, Logger: a.Logger.With("component", "embedded")})
	if err != nil {
		return nil, err
	}
	cfg.Endpoint, cfg.PathStyle = store.URL(), true
	a.AddBanner("Object store", store.URL()+" (bucket "+cfg.Bucket+", objects in "+file+")")
	return store.Stop, nil
}
