package masterdata

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
)

// Meta is what the service keeps about every record; clients never write it.
type Meta struct {
	ID      uuid.UUID `json:"id"`
	Version int       `json:"version"`
	// CreatedBy is the id of the user (or API key) that created the record.
	CreatedBy  string     `json:"createdBy"`
	CreatedAt  time.Time  `json:"createdAt"`
	UpdatedAt  time.Time  `json:"updatedAt"`
	ArchivedAt *time.Time `json:"archivedAt"`
}

// Archived reports whether the record is archived.
func (m *Meta) Archived() bool { return m.ArchivedAt != nil }

// Record is a master data record: Meta plus the fields clients write.
type Record interface {
	meta() *Meta
	// writable returns a pointer to the fields clients write, which inputs
	// and patches are decoded into.
	writable() any
	// toDB returns the stored form of the writable fields, the JSON of
	// the data column (stored.go); fromDB sets them from it.
	toDB() any
	fromDB(data []byte) error
	// normalize validates the writable fields, recording every problem in
	// c, and rewrites them in canonical form (trimmed, lowercased keys).
	normalize(c *errs.Collector)
	// project returns the columns lists filter and search on.
	project() projection
}

// projection is the part of a record the table keeps in columns.
type projection struct {
	code, name, nameBn, kind, status string
	bin, tin                         string
	tags                             []string
	// words are further searchable values (mobile numbers, HS codes).
	words []string
}

// kind describes one record kind to the generic machinery.
type kind[T Record] struct {
	name   string // singular, in event types and messages: "customer"
	plural string // table and REST collection: "customers"
	// codeField is the JSON name of the code: "code", or "sku" for products.
	codeField   string
	read, write string
	newRecord   func() T
	// filters maps a list filter to the SQL expression it compares with,
	// beyond the common ones (status, kind, tag, archived, q).
	filters map[string]string
	// check validates what needs the database (a product's unit), for many
	// records at once; bad(i) collects the problems of record i.
	check func(ctx context.Context, tx *db.Tx, recs []T, bad func(i int) *errs.Collector) error
	csv   []csvColumn
}

var (
	codeRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._/-]{0,39}$`)
	tagRE  = regexp.MustCompile(`^[\p{L}\p{M}\p{N}][\p{L}\p{M}\p{N}_-]{0,39}$`)
	mailRE = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)
)

const codeFormat = "must be 1-40 letters, digits, '.', '_', '/' or '-', starting with a letter or digit, e.g. CUST-0001"

// checkCode validates a record code under the JSON name field.
func checkCode(c *errs.Collector, field string, code *string) {
	*code = strings.TrimSpace(*code)
	switch {
	case *code == "":
		c.Add(field, "is required; %s", codeFormat)
	case !codeRE.MatchString(*code):
		c.Add(field, "%s", codeFormat)
	}
}

// checkNames validates the English name (required) and the Bangla name.
func checkNames(c *errs.Collector, name, nameBn *string) {
	*name, *nameBn = strings.TrimSpace(*name), strings.TrimSpace(*nameBn)
	c.Check(*name != "", "name", "is required")
	c.Check(utf8.RuneCountInString(*name) <= 200, "name", "must be at most 200 characters")
	c.Check(utf8.RuneCountInString(*nameBn) <= 200, "nameBn", "must be at most 200 characters")
}

// checkTags lowercases, de-duplicates and validates tags.
func checkTags(c *errs.Collector, tags *[]string) {
	out := make([]string, 0, len(*tags))
	for _, t := range *tags {
		t = strings.ToLower(strings.TrimSpace(t))
		if t == "" {
			continue
		}
		if !tagRE.MatchString(t) {
			c.Add("tags", "%q must be 1-40 letters, digits, '_' or '-'", t)
			continue
		}
		out = append(out, t)
	}
	slices.Sort(out)
	out = slices.Compact(out)
	c.Check(len(out) <= 20, "tags", "must be at most 20")
	*tags = out
}

// checkEnum lowercases *v, applies the default when empty, and checks it is
// one of allowed.
func checkEnum(c *errs.Collector, field string, v *string, def string, allowed ...string) {
	*v = strings.ToLower(strings.TrimSpace(*v))
	if *v == "" {
		*v = def
	}
	if !slices.Contains(allowed, *v) {
		c.Add(field, "must be one of %s", strings.Join(allowed, ", "))
	}
}
