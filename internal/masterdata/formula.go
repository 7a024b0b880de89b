package masterdata

import (
	"bufio"
	"io"
	"strings"
	"unicode/utf8"
)

// formulaLeads are the first characters that make a spreadsheet read a
// CSV cell as a formula (OWASP CSV Injection: =, +, -, @, tab and
// carriage return), with line feed and NUL, the pipe of DDE payloads
// (|calc), and the full-width forms some locales' spreadsheets accept
// for the same operators. A leading quote is among them so that the quote
// export adds can always be told from one the value had (see neutralize).
const formulaLeads = "=+-@\t\r\n\x00|'＝＋－＠"

// neutralize makes a cell inert in a spreadsheet: one that starts with a
// formula character gets a leading single quote, which Excel, LibreOffice
// Calc and Google Sheets take as "this is text" and do not show. A value
// that itself starts with a quote gets one more, so import's
// unneutralize gives back exactly the stored value.
func neutralize(cell string) string {
	r, _ := utf8.DecodeRuneInString(cell)
	if cell != "" && strings.ContainsRune(formulaLeads, r) {
		return "'" + cell
	}
	return cell
}

// unneutralize undoes neutralize on import: one leading single quote is
// dropped. A spreadsheet never writes the quote a user typed to mark text
// into the CSV it saves, so a quote in a file is one an export added.
func unneutralize(cell string) string { return strings.TrimPrefix(cell, "'") }

// csvWriter writes RFC 4180 CSV with every field quoted and neutralized,
// so that no cell of an export is read as a formula however the
// spreadsheet splits or trims it.
type csvWriter struct{ w *bufio.Writer }

func newCSVWriter(w io.Writer) *csvWriter { return &csvWriter{w: bufio.NewWriter(w)} }

// Write writes one row.
func (c *csvWriter) Write(cells []string) error {
	for i, cell := range cells {
		if i > 0 {
			c.w.WriteByte(',')
		}
		c.w.WriteByte('"')
		c.w.WriteString(strings.ReplaceAll(neutralize(cell), `"`, `""`))
		c.w.WriteByte('"')
	}
	_, err := c.w.WriteString("\r\n")
	return err
}

// Flush writes what is buffered to the underlying writer.
func (c *csvWriter) Flush() error { return c.w.Flush() }
