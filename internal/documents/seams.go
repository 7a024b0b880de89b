package documents

import (
	"context"
	"time"

	"github.com/google/uuid"
)

// The types of the seams to the files service and the PDF forms
// (CONTRACTS.md): the same fields as filesclient's and forms', so the
// app wires filesclient.Client and the forms package in directly.

// FileOwner is what a stored file is attached to.
type FileOwner struct {
	Type string
	ID   string
}

// StoredFile is a file the files service keeps.
type StoredFile struct {
	ID          uuid.UUID `json:"id"`
	Name        string    `json:"name"`
	ContentType string    `json:"contentType"`
	Size        int64     `json:"size"`
}

// FileLink is a presigned download link that expires.
type FileLink struct {
	URL       string    `json:"url"`
	ExpiresAt time.Time `json:"expiresAt"`
}

// Store keeps the jobs' output in the files service, with the
// credential of ctx (filesclient.Client is one, through FilesStore).
type Store interface {
	Put(ctx context.Context, name, contentType string, body []byte, owner FileOwner) (StoredFile, error)
	Link(ctx context.Context, id uuid.UUID) (FileLink, error)
}

// Lang is the language of a printed form: bn or en.
type Lang string

// FormParty is a seller or buyer as a Mushak-6.3 prints it.
type FormParty struct {
	Name, NameBn string
	BIN          string
	Address      string
	AddressBn    string
}

// FormLine63 is one line of a Mushak-6.3; money in poisha.
type FormLine63 struct {
	Description string
	Quantity    string
	Unit        string
	UnitPrice   int64
	Value       int64
	SD          int64
	VATRate     string
	VAT         int64
	Total       int64
}

// Form63 is a Mushak-6.3 tax invoice to draw.
type Form63 struct {
	Lang            Lang
	Seller          FormParty
	Buyer           FormParty
	Number          string
	IssuedAt        time.Time
	DeliveryAddress string
	Vehicle         string
	Lines           []FormLine63
	Value, SD, VAT  int64
	Total           int64
}

// FormColumn is a column of a tabular report.
type FormColumn struct {
	Title   string
	Numeric bool
}

// FormTable is a tabular report to draw as a PDF.
type FormTable struct {
	Lang      Lang
	Company   FormParty
	Title     string
	Subtitle  string
	Columns   []FormColumn
	Rows      [][]string
	Footer    []string
	Notes     []string
	Landscape bool
}

// Renderer draws the PDFs: internal/documents/forms's RenderMushak63 and
// RenderTable.
type Renderer interface {
	Mushak63(m Form63) ([]byte, error)
	Table(t FormTable) ([]byte, error)
}
