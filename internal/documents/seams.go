package documents

import (
	"context"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/documents/forms"
	"github.com/vextrus/vextrus/internal/files/filesclient"
)

// The types of the seams to the files service and the PDF forms
// (CONTRACTS.md).

// The files service's types (internal/files/filesclient), under the
// names this package uses for them.
type (
	// FileOwner is what a stored file is attached to.
	FileOwner = filesclient.Owner
	// StoredFile is a file the files service keeps.
	StoredFile = filesclient.File
	// FileLink is a presigned download link that expires.
	FileLink = filesclient.Link
)

// Store keeps the jobs' output in the files service, with the
// credential of ctx; filesclient.Client is one.
type Store interface {
	Put(ctx context.Context, name, contentType string, body []byte, owner FileOwner) (StoredFile, error)
	Link(ctx context.Context, id uuid.UUID) (FileLink, error)
}

// The forms' types (internal/documents/forms), under the names this
// package uses for them.
type (
	// Lang is the language of a printed form: bn or en.
	Lang = forms.Lang
	// FormParty is a seller, buyer or company as printed.
	FormParty = forms.Party
	// FormLine63 is one line of a Mushak-6.3; money in poisha.
	FormLine63 = forms.Line63
	// Form63 is a Mushak-6.3 tax invoice to draw.
	Form63 = forms.Mushak63
	// FormColumn is a column of a tabular report.
	FormColumn = forms.Column
	// FormTable is a tabular report to draw as a PDF.
	FormTable = forms.Table
)

// Renderer draws the PDFs: internal/documents/forms's RenderMushak63 and
// RenderTable.
type Renderer interface {
	Mushak63(m Form63) ([]byte, error)
	Table(t FormTable) ([]byte, error)
}

// Forms is the Renderer of internal/documents/forms.
type Forms struct{}

// Mushak63 draws m with forms.RenderMushak63.
func (Forms) Mushak63(m Form63) ([]byte, error) { return forms.RenderMushak63(m) }

// Table draws t with forms.RenderTable.
func (Forms) Table(t FormTable) ([]byte, error) { return forms.RenderTable(t) }
