package files

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"mime"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/vextrus/vextrus/internal/platform/errs"
)

// A sniffer reports whether content is what its media type claims. The
// declared type alone is the client's word; a file whose bytes are
// something else (an executable named invoice.pdf, say) is refused.
type sniffer func(b []byte) bool

// sniffers are the media types the service can check, by their magic
// bytes or, for text, by being valid UTF-8 without binary control bytes.
var sniffers = map[string]sniffer{
	"application/pdf": prefix("%PDF-"),
	"image/png":       prefix("\x89PNG\r\n\x1a\n"),
	"image/jpeg":      prefix("\xff\xd8\xff"),
	"image/gif":       func(b []byte) bool { return prefix("GIF87a")(b) || prefix("GIF89a")(b) },
	"image/webp":      func(b []byte) bool { return len(b) >= 12 && string(b[:4]) == "RIFF" && string(b[8:12]) == "WEBP" },
	"text/plain":      text,
	"text/csv":        text,
	// JSON must parse: the 9.1 return's figures are stored as JSON.
	"application/json": func(b []byte) bool { return json.Valid(b) },
	// The Office Open XML types are zip archives with a content types
	// part and the main part of their kind.
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":         office("xl/workbook.xml"),
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document":   office("word/document.xml"),
	"application/vnd.openxmlformats-officedocument.presentationml.presentation": office("ppt/presentation.xml"),
}

// Checkable lists the media types the service can check, sorted.
func Checkable() []string {
	out := make([]string, 0, len(sniffers))
	for t := range sniffers {
		out = append(out, t)
	}
	slices.Sort(out)
	return out
}

func prefix(magic string) sniffer {
	return func(b []byte) bool { return bytes.HasPrefix(b, []byte(magic)) }
}

// text accepts UTF-8 (a byte order mark allowed) without NUL or other
// control characters than tab, line feed, form feed and carriage return.
func text(b []byte) bool {
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(b) {
		return false
	}
	for _, c := range b {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\f' && c != '\r' || c == 0x7f {
			return false
		}
	}
	return true
}

func office(mainPart string) sniffer {
	return func(b []byte) bool {
		if !bytes.HasPrefix(b, []byte("PK\x03\x04")) {
			return false
		}
		z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			return false
		}
		var types, main bool
		for _, f := range z.File {
			types = types || f.Name == "[Content_Types].xml"
			main = main || f.Name == mainPart
		}
		return types && main
	}
}

// mediaType reads a declared Content-Type against the allowed list and
// returns the bare media type. A text type may say charset utf-8 (or
// us-ascii, a subset); no other parameter is kept. Returns
// INVALID_ARGUMENT naming contentType, with status 415 when the type is
// not allowed.
func mediaType(declared string, allowed []string) (string, error) {
	if strings.TrimSpace(declared) == "" {
		return "", errs.Field("contentType", "is required: send the file's media type as Content-Type")
	}
	mt, params, err := mime.ParseMediaType(declared)
	if err != nil {
		return "", errs.Field("contentType", "is not a media type")
	}
	if !slices.Contains(allowed, mt) {
		return "", errs.Field("contentType", "%s is not accepted; accepted are %s", mt, strings.Join(allowed, ", ")).
			WithStatus(415)
	}
	if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") && !strings.EqualFold(cs, "us-ascii") {
		return "", errs.Field("contentType", "charset %s is not accepted; send UTF-8", cs).WithStatus(415)
	}
	return mt, nil
}

// checkContent refuses content that is not what mt claims. Returns
// INVALID_ARGUMENT naming body.
func checkContent(mt string, b []byte) error {
	if len(b) == 0 {
		return errs.Field("body", "is empty")
	}
	sniff, ok := sniffers[mt]
	if !ok || !sniff(b) {
		return errs.Field("body", "is not %s content", mt).WithStatus(415)
	}
	return nil
}
