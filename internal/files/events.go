package files

import (
	"github.com/vextrus/vextrus/internal/platform/events"
)

// The event types of the files service; their payload schemas are
// api/events/<type>.json. Both have the file as subject; the actor is
// the envelope's.
const (
	EventStored  = "vextrus.files.file.stored.v1"
	EventDeleted = "vextrus.files.file.deleted.v1"
)

// OwnerEvent is the owner in an event: null when the file has none.
type OwnerEvent struct {
	Type string `json:"type"`
	ID   string `json:"id"`
}

// Stored is the payload of vextrus.files.file.stored.v1.
type Stored struct {
	FileID      string      `json:"fileId"`
	Name        string      `json:"name"`
	ContentType string      `json:"contentType"`
	Size        int64       `json:"size"`
	SHA256      string      `json:"sha256"`
	Owner       *OwnerEvent `json:"owner"`
}

// Deleted is the payload of vextrus.files.file.deleted.v1.
type Deleted struct {
	FileID string      `json:"fileId"`
	Name   string      `json:"name"`
	SHA256 string      `json:"sha256"`
	Owner  *OwnerEvent `json:"owner"`
}

func ownerEvent(o Owner) *OwnerEvent {
	if o.IsZero() {
		return nil
	}
	return &OwnerEvent{Type: o.Type, ID: o.ID.String()}
}

func storedEvent(f File) events.Draft {
	return events.Draft{Type: EventStored, Subject: f.ID.String(), Data: Stored{FileID: f.ID.String(), Name: f.Name,
		ContentType: f.ContentType, Size: f.Size, SHA256: f.SHA256, Owner: ownerEvent(f.Owner)}}
}

func deletedEvent(f File) events.Draft {
	return events.Draft{Type: EventDeleted, Subject: f.ID.String(),
		Data: Deleted{FileID: f.ID.String(), Name: f.Name, SHA256: f.SHA256, Owner: ownerEvent(f.Owner)}}
}
