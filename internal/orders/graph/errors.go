package graph

import (
	"fmt"
	"strings"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/graphqlx"
	"github.com/vextrus/vextrus/internal/platform/money"
)

// The service names the fields of an input as the REST body does
// (lines[0].quantity), which are the schema's input field names; the
// subgraph puts the argument in front (input.lines[0].quantity). A list's
// limit and cursor are the schema's first and after.

// inInput names err's fields under the argument arg. Other errors pass
// through.
func inInput(err error, arg string) error {
	return graphqlx.RenameFields(err, func(f string) string {
		if f == "" {
			return arg
		}
		return arg + "." + f
	})
}

// parseID reads the UUID s of argument or field name. Returns
// INVALID_ARGUMENT naming it.
func parseID(s, name string) (uuid.UUID, error) {
	id, err := uuid.Parse(s)
	if err != nil {
		return uuid.Nil, errs.Field(name, "must be a UUID")
	}
	return id, nil
}

// collectID is parseID of a field among others: its problem goes to c.
func collectID(c *errs.Collector, s, name string) uuid.UUID {
	id, err := parseID(s, name)
	c.Merge("", err)
	return id
}

// parseOptionalID is parseID of a nullable value; nil is uuid.Nil.
func parseOptionalID(s *string, name string) (uuid.UUID, error) {
	if s == nil {
		return uuid.Nil, nil
	}
	return parseID(*s, name)
}

// collectMoney reads a MoneyInput at field, its problems going to c.
func collectMoney(c *errs.Collector, in *MoneyInput, field string) money.Amount {
	if in == nil {
		c.Add(field, "is required")
		return money.Amount{}
	}
	cur, err := money.ParseCurrency(in.Currency)
	if err != nil {
		c.Merge(field, err)
		return money.Amount{}
	}
	a, err := money.Parse(in.Amount, cur)
	c.Merge(field, err)
	return a
}

// line names the field of the i-th line.
func line(i int, field string) string { return fmt.Sprintf("lines[%d].%s", i, field) }

// trim is a nullable string's content, spaces trimmed.
func trim(s *string) string { return strings.TrimSpace(deref(s)) }
