package app

import (
	"maps"
	"slices"
	"strings"

	"github.com/vextrus/vextrus/internal/platform/config"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/tenantsettings"
)

// FeatureConfig changes a feature flag's default, or declares a flag the
// built-in catalog lacks (features.<key> in vextrus.yaml).
type FeatureConfig struct {
	Default     bool   `yaml:"default" doc:"whether the flag is on for tenants that have not set it"`
	Description string `yaml:"description" doc:"what the flag turns on"`
}

// builtinFeatures are the flags the platform's modules read. A tenant's
// own state (the settings service) overrides the default; the process
// configuration's features section overrides these entries.
var builtinFeatures = []tenantsettings.FlagDef{
	{Key: "documents.bangla-mushak", Default: true,
		Description: "print Mushak forms (6.3, 6.7, 6.8) in Bangla, with the English beside it"},
	{Key: "notify.email", Default: true,
		Description: "send email notifications (in-app ones are always on); invites and password resets need it"},
	{Key: "notify.sms", Default: false,
		Description: "send SMS as well as email and in-app notifications"},
	{Key: "finance.auto-post-receipts", Default: false,
		Description: "post a customer receipt's journal when it is recorded, without a separate posting step"},
	{Key: "console.approval-inbox-v2", Default: false,
		Description: "the console's approval inbox with bulk approve and filters"},
}

// featureDefs merges the built-in catalog with cfg's features section.
func featureDefs(cfg map[string]FeatureConfig) []tenantsettings.FlagDef {
	defs := map[string]tenantsettings.FlagDef{}
	for _, d := range builtinFeatures {
		defs[d.Key] = d
	}
	for _, key := range slices.Sorted(maps.Keys(cfg)) {
		d, f := defs[key], cfg[key]
		d.Key, d.Default = key, f.Default
		if f.Description != "" {
			d.Description = f.Description
		}
		defs[key] = d
	}
	return slices.Collect(maps.Values(defs))
}

// Validate checks the features section: every key a valid flag key.
func (c *Config) Validate(ch *config.Checker) {
	if _, err := tenantsettings.NewCatalog(featureDefs(c.Features)...); err != nil {
		for _, f := range errs.As(err).Fields {
			ch.Add(strings.Replace(f.Field, "flags.", "features.", 1), "%s", f.Message)
		}
	}
}
