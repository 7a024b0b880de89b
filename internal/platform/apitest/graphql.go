package apitest

import (
	"encoding/json"
	"net/http"
	"testing"
)

// GraphQLAnswer is the body of a GraphQL answer.
type GraphQLAnswer struct {
	// Data holds the answer's data by root field.
	Data   map[string]json.RawMessage `json:"data"`
	Errors []GraphQLError             `json:"errors"`
}

// GraphQLError is one entry of a GraphQL answer's errors, with the
// platform code the server put in its extensions.
type GraphQLError struct {
	Message    string         `json:"message"`
	Path       []any          `json:"path"`
	Extensions map[string]any `json:"extensions"`
}

// Code returns extensions.code, empty when the server set none.
func (e GraphQLError) Code() string { s, _ := e.Extensions["code"].(string); return s }

// Fields returns the names of the fields the error blames, from
// extensions.fields.
func (e GraphQLError) Fields() []string {
	list, _ := e.Extensions["fields"].([]any)
	var out []string
	for _, f := range list {
		m, _ := f.(map[string]any)
		name, _ := m["field"].(string)
		out = append(out, name)
	}
	return out
}

// Codes returns the code of every error, in order.
func (a GraphQLAnswer) Codes() []string {
	var out []string
	for _, e := range a.Errors {
		out = append(out, e.Code())
	}
	return out
}

// GraphQL decodes a GraphQL answer, failing the test unless it is a 200
// with a GraphQL body.
func (r Response) GraphQL(tb testing.TB) GraphQLAnswer {
	tb.Helper()
	r.Want(tb, http.StatusOK)
	var a GraphQLAnswer
	r.Decode(tb, &a)
	return a
}

// GraphQLErrors returns the errors of a GraphQL answer; none when the
// answer has none or is not GraphQL.
func (r Response) GraphQLErrors() []GraphQLError {
	var a GraphQLAnswer
	_ = json.Unmarshal(r.Raw, &a)
	return a.Errors
}

// FirstError returns the code and message of the first GraphQL error,
// empty when there is none.
func (r Response) FirstError() (code, message string) {
	errs := r.GraphQLErrors()
	if len(errs) == 0 {
		return "", ""
	}
	return errs[0].Code(), errs[0].Message
}

// Data returns the data of a GraphQL answer by root field, failing the
// test unless the answer is 200 without errors.
func (r Response) Data(tb testing.TB) map[string]json.RawMessage {
	tb.Helper()
	a := r.GraphQL(tb)
	if len(a.Errors) > 0 {
		tb.Fatalf("GraphQL errors: %s", r.Raw)
	}
	return a.Data
}
