package console

import "github.com/a-h/templ"

// Table is what DataTable shows.
type Table struct {
	// Caption is a message key naming the table for screen readers.
	Caption string
	Columns []Column
	// Rows are cells in column order (Text, Link, Money, Status, When or
	// any component).
	Rows []Row
	// List is the page's URL state, for sort links and paging.
	List List
	// Next is the API's cursor of the next page; "" on the last.
	Next string
	// Empty is the message key shown when there are no rows ("" uses
	// list.empty).
	Empty string
}

// Row is one row's cells.
type Row []templ.Component

// Column is one column: its label (a message key), the sort key the API
// accepts ("" when not sortable) and whether it holds numbers (right
// aligned).
type Column struct {
	Label string
	Sort  string
	Num   bool
}

func (t Table) emptyKey() string {
	if t.Empty == "" {
		return "list.empty"
	}
	return t.Empty
}

func (t Table) ariaSort(c Column) string {
	switch s := t.List.Get("sort"); {
	case c.Sort == "":
		return ""
	case s == c.Sort:
		return "ascending"
	case s == "-"+c.Sort:
		return "descending"
	}
	return "none"
}

// sortMark is the arrow shown after a sorted column's label (aria-sort
// says the same to assistive technology).
func (t Table) sortMark(c Column) string {
	switch t.ariaSort(c) {
	case "ascending":
		return "▲"
	case "descending":
		return "▼"
	}
	return ""
}
