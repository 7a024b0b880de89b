package notify

import (
	"bytes"
	"html/template"
	"strings"
)

// layout is the HTML of an email whose template has no HTML of its own:
// the text's paragraphs, the link as a button, the company at the foot.
var layoutHTML = template.Must(template.New("layout").Parse(`<!doctype html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>{{.Subject}}</title></head>
<body style="margin:0;padding:24px;background:#f4f5f7;font-family:'Noto Sans Bengali','Segoe UI',Arial,sans-serif;color:#1f2933">
<div style="max-width:560px;margin:0 auto;background:#fff;border-radius:6px;padding:24px">
{{range .Paragraphs}}<p style="white-space:pre-line;line-height:1.6;margin:0 0 14px">{{.}}</p>
{{end}}{{if .Link}}<p style="margin:20px 0"><a href="{{.Link}}" style="background:#0b6e4f;color:#fff;padding:10px 18px;border-radius:4px;text-decoration:none">{{.Action}}</a></p>
{{end}}</div>
{{if .Company}}<p style="text-align:center;color:#7b8794;font-size:12px">{{.Company}}</p>{{end}}
</body></html>
`))

// layout renders text in the email layout; the line naming the link is
// left out of the paragraphs, since the button carries it.
func layout(locale, subject, text, link, company string) (string, error) {
	var paras []string
	for _, p := range strings.Split(strings.TrimSpace(text), "\n\n") {
		p = strings.TrimSpace(p)
		if p == "" || p == company || (link != "" && strings.TrimSpace(p) == link) {
			continue
		}
		paras = append(paras, p)
	}
	action := "Open"
	if locale == "bn" {
		action = "খুলুন"
	}
	var b bytes.Buffer
	err := layoutHTML.Execute(&b, map[string]any{"Lang": locale, "Subject": subject, "Paragraphs": paras,
		"Link": template.URL(safeLink(link)), "Action": action, "Company": company})
	return b.String(), err
}

// safeLink keeps only http and https links.
func safeLink(s string) string {
	if strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "http://") {
		return s
	}
	return ""
}
