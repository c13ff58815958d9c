package strata

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
)

// Error is what the platform answered when a call failed: an RFC 9457 problem
// (application/problem+json) with the HTTP status. Use errors.As to get it:
//
//	var apiErr *strata.Error
//	if errors.As(err, &apiErr) && apiErr.Status == http.StatusPreconditionFailed { ... }
type Error struct {
	// Status is the HTTP status code (also the problem's "status").
	Status int `json:"status"`
	// Type is the problem type URI, e.g. "https://strata.io/problems/precondition-failed".
	Type string `json:"type"`
	// Title is a short, human-readable summary of the problem type.
	Title string `json:"title"`
	// Detail explains this occurrence.
	Detail string `json:"detail"`
	// Instance is the path of the request that failed.
	Instance string `json:"instance"`
	// Errors lists the fields that were wrong, with a JSON pointer to each.
	Errors []FieldError `json:"errors"`
	// TraceID identifies the request in the platform's traces and logs.
	TraceID string `json:"trace_id"`
	// Header holds the response headers (Retry-After, RateLimit, ...).
	Header http.Header `json:"-"`
	// Body is the raw response body.
	Body []byte `json:"-"`
}

// FieldError is one entry of a problem's "errors" member.
type FieldError struct {
	// Pointer is a JSON pointer (RFC 6901) to the offending field, e.g. "/attributes/title".
	Pointer string `json:"pointer"`
	// Message says what is wrong with it.
	Message string `json:"message"`
}

func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "strata: %d", e.Status)
	if e.Title != "" {
		b.WriteString(" " + e.Title)
	} else if t := http.StatusText(e.Status); t != "" {
		b.WriteString(" " + t)
	}
	if e.Detail != "" {
		b.WriteString(": " + e.Detail)
	}
	for _, fe := range e.Errors {
		fmt.Fprintf(&b, "; %s %s", fe.Pointer, fe.Message)
	}
	if e.TraceID != "" {
		b.WriteString(" (trace " + e.TraceID + ")")
	}
	return b.String()
}

// Is lets errors.Is(err, &strata.Error{Status: 404}) match on status (and on Type when set).
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	if !ok {
		return false
	}
	return (t.Status == 0 || t.Status == e.Status) && (t.Type == "" || t.Type == e.Type)
}

// newError builds an *Error from a failed response's status, headers and body. Bodies
// that are not problem documents still give an Error with the status and the raw body.
func newError(status int, header http.Header, body []byte) *Error {
	e := &Error{Status: status, Header: header, Body: body}
	var wire struct {
		Type     string       `json:"type"`
		Title    string       `json:"title"`
		Status   int          `json:"status"`
		Detail   string       `json:"detail"`
		Instance string       `json:"instance"`
		Errors   []FieldError `json:"errors"`
		TraceID  string       `json:"trace_id"`
		TraceID2 string       `json:"traceId"`
	}
	if len(body) > 0 && json.Unmarshal(body, &wire) == nil {
		e.Type, e.Title, e.Detail, e.Instance, e.Errors = wire.Type, wire.Title, wire.Detail, wire.Instance, wire.Errors
		e.TraceID = wire.TraceID
		if e.TraceID == "" {
			e.TraceID = wire.TraceID2
		}
	}
	if e.Title == "" {
		e.Title = http.StatusText(status)
	}
	return e
}
