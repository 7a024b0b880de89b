package notify

import (
	"bytes"
	"embed"
	htmltemplate "html/template"
	"strings"
	texttemplate "text/template"

	"github.com/vextrus/vextrus/internal/platform/bd"
	"github.com/vextrus/vextrus/internal/platform/errs"
)

// The embedded default templates, templates/<event type>.<locale>.tmpl:
// a "Subject: …" line, a blank line, then the text body. Their HTML is
// the text in the email layout (layout.go).
//
//go:embed templates/*.tmpl
var defaultsFS embed.FS

// Template is what one event type's message looks like in one language.
type Template struct {
	EventType string `json:"eventType"`
	Locale    string `json:"locale"`
	Subject   string `json:"subject"`
	Text      string `json:"text"`
	// HTML is the email's HTML body; "" puts the text in the layout.
	HTML string `json:"html"`
	// Custom is true for the tenant's override, false for the default.
	Custom bool `json:"custom"`
	// Variables are the names the template may use ({{.Name}}).
	Variables []string `json:"variables"`
}

// Locales are the languages templates exist in.
var Locales = []string{"bn", "en"}

// common are the variables of every template.
var common = []string{"Name", "Company", "Link"}

// variables are each event type's own template variables.
var variables = map[string][]string{
	EventApprovalRequested: {"ApprovalID", "Document", "DocumentType", "DocumentID", "Amount", "Currency", "Level", "LevelName", "Due", "Submitter", "SubmitterID"},
	EventApprovalEscalated: {"ApprovalID", "Document", "DocumentType", "DocumentID", "Level"},
	EventApprovalCompleted: {"ApprovalID", "Document", "DocumentType", "DocumentID", "Amount", "Currency", "Status"},
	EventUserInvited:       {"ExpiresAt"},
	EventPasswordReset:     {"ExpiresAt"},
	EventInvoiceApproved:   {"InvoiceID", "Number", "Date", "DueDate", "Total", "Payable", "Currency"},
	EventPaymentRecorded:   {"PaymentID", "Number", "Date", "Method", "Amount", "Currency"},
	EventReportReady:       {"JobID", "Kind", "FileID", "FileName", "Status", "Error"},
	EventApprovalsDigest:   {"Count", "More", "Items"},
}

// itemVariables are the fields of each of a digest's Items ({{range
// .Items}}{{.Document}}{{end}}): an approval request's variables, its
// Link the approval's own.
var itemVariables = []string{"ApprovalID", "Document", "DocumentType", "DocumentID", "Amount", "Currency", "Level",
	"LevelName", "Due", "Submitter", "Link"}

// variablesOf lists the variables of eventType's templates.
func variablesOf(eventType string) []string {
	return append(append([]string{}, common...), variables[eventType]...)
}

// funcs are the functions templates may call: bn writes digits in Bangla.
var funcs = map[string]any{"bn": bd.ToBengaliDigits, "report": reportName}

// reportNames are the documents service's kinds as a reader calls them.
var reportNames = map[string][2]string{ // kind: {en, bn}
	"mushak_6_3":     {"Mushak-6.3 tax invoice", "মূসক-৬.৩ কর চালানপত্র"},
	"mushak_6_1":     {"Mushak-6.1 purchase register", "মূসক-৬.১ ক্রয় হিসাব পুস্তক"},
	"mushak_6_2":     {"Mushak-6.2 sales register", "মূসক-৬.২ বিক্রয় হিসাব পুস্তক"},
	"vat_return_9_1": {"Mushak-9.1 return figures", "মূসক-৯.১ রিটার্নের হিসাব"},
	"trial_balance":  {"trial balance", "রেওয়ামিল"},
	"ageing":         {"ageing", "বকেয়ার মেয়াদ বিশ্লেষণ"},
}

// reportName is a document kind's name in locale ("bn" or "en"): in a
// template, {{report .Kind "bn"}}. An unknown kind stays as it is.
func reportName(kind, locale string) string {
	n, ok := reportNames[kind]
	switch {
	case !ok:
		return kind
	case locale == "bn":
		return n[1]
	}
	return n[0]
}

// defaultTemplate is the embedded template of eventType in locale.
func defaultTemplate(eventType, locale string) (Template, bool) {
	raw, err := defaultsFS.ReadFile("templates/" + eventType + "." + locale + ".tmpl")
	if err != nil {
		return Template{}, false
	}
	head, body, _ := strings.Cut(string(raw), "\n\n")
	return Template{EventType: eventType, Locale: locale, Subject: strings.TrimPrefix(head, "Subject: "),
		Text: body, Variables: variablesOf(eventType)}, true
}

// rendered is a message's subject and bodies.
type rendered struct {
	Subject, Text, HTML string
}

// render fills t with vars and, for a digest, its items; every variable
// of the event type is defined ("" when the event has none, and every
// field of an item), and a name that is none fails.
func render(t Template, vars map[string]string, items []map[string]string, withHTML bool) (rendered, error) {
	full := map[string]any{}
	for _, k := range variablesOf(t.EventType) {
		full[k] = ""
	}
	for k, v := range vars {
		full[k] = v
	}
	if _, ok := full["Items"]; ok {
		list := make([]map[string]string, len(items))
		for i, it := range items {
			list[i] = map[string]string{}
			for _, k := range itemVariables {
				list[i][k] = it[k]
			}
		}
		full["Items"] = list
	}
	var r rendered
	var err error
	if r.Subject, err = execText("subject", t.Subject, full); err != nil {
		return r, err
	}
	r.Subject = strings.Join(strings.Fields(r.Subject), " ")
	if r.Text, err = execText("text", t.Text, full); err != nil {
		return r, err
	}
	if !withHTML {
		return r, nil
	}
	if t.HTML != "" {
		tpl, err := htmltemplate.New("html").Funcs(funcs).Option("missingkey=error").Parse(t.HTML)
		if err != nil {
			return r, errs.Field("html", "does not parse: %v", err)
		}
		var b bytes.Buffer
		if err := tpl.Execute(&b, full); err != nil {
			return r, errs.Field("html", "does not render: %v", err)
		}
		r.HTML = b.String()
	} else if r.HTML, err = layout(t.Locale, r.Subject, r.Text, vars["Link"], vars["Company"]); err != nil {
		return r, err
	}
	return r, nil
}

func execText(field, src string, vars map[string]any) (string, error) {
	tpl, err := texttemplate.New(field).Funcs(funcs).Option("missingkey=error").Parse(src)
	if err != nil {
		return "", errs.Field(field, "does not parse: %v", err)
	}
	var b bytes.Buffer
	if err := tpl.Execute(&b, vars); err != nil {
		return "", errs.Field(field, "does not render: %v", err)
	}
	return b.String(), nil
}

// validate checks an override: known event type and locale, each part
// parses and renders with sample variables.
func validate(t Template) error {
	c := &errs.Collector{}
	_, known := variables[t.EventType]
	c.Check(known, "eventType", "must be an event type notify sends")
	c.Check(t.Locale == "bn" || t.Locale == "en", "locale", "must be bn or en")
	c.Check(strings.TrimSpace(t.Subject) != "" && len(t.Subject) <= 1000, "subject", "is required (at most 1000 characters)")
	c.Check(strings.TrimSpace(t.Text) != "" && len(t.Text) <= 20000, "text", "is required (at most 20000 characters)")
	c.Check(len(t.HTML) <= 100000, "html", "must be at most 100000 characters")
	if err := c.Err(); err != nil {
		return err
	}
	sample, item := map[string]string{}, map[string]string{}
	for _, k := range variablesOf(t.EventType) {
		sample[k] = "1"
	}
	for _, k := range itemVariables {
		item[k] = "1"
	}
	_, err := render(t, sample, []map[string]string{item}, true)
	return err
}
