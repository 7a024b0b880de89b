// Package api holds the contracts Vextrus publishes beside its code and
// embeds them so the binary carries them: the JSON Schemas of event
// payloads under events/, one file per event type named <type>.json.
package api

import (
	"embed"
	"io/fs"
)

//go:embed events/*.json
var events embed.FS

// EventSchemas returns the event payload schemas: a file system whose root
// holds `<type>.json` for every event type, e.g.
// vextrus.audit.chain.verified.v1.json.
func EventSchemas() fs.FS {
	sub, err := fs.Sub(events, "events")
	if err != nil {
		panic(err) // a literal directory that go:embed guarantees
	}
	return sub
}
