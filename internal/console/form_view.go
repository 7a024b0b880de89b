package console

import (
	"context"
	"strings"
)

func ariaBool(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

func (fd Field) describedBy() string {
	var ids []string
	if fd.Hint != "" {
		ids = append(ids, fd.ID()+"-hint")
	}
	if fd.Error != "" {
		ids = append(ids, fd.ID()+"-error")
	}
	return strings.Join(ids, " ")
}

func (fd Field) inputType() string {
	switch fd.Type {
	case "":
		return "text"
	case "number":
		return "text" // decimals with inputmode; type=number loses "1,25,000" and Bangla digits
	}
	return fd.Type
}

// shownValue never echoes a password.
func (fd Field) shownValue() string {
	if fd.Type == "password" {
		return ""
	}
	return fd.Value
}

func (o Option) text(ctx context.Context) string {
	if o.Raw {
		return o.Label
	}
	return T(ctx, o.Label)
}
