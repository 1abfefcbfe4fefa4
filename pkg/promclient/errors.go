package promclient

import (
	"errors"
	"fmt"
	"strconv"
)

// Kind says which of the failure classes a caller has to tell apart happened: the plugin maps
// each to a different Grafana status, and each calls for a different fix by the user.
type Kind int

const (
	// KindUnreachable: no HTTP answer at all (refused, DNS, TLS, reset).
	KindUnreachable Kind = iota + 1
	// KindTimeout: our deadline passed, or the upstream reported its own query timeout.
	KindTimeout
	// KindCanceled: the caller gave up (Grafana closed the request) before an answer.
	KindCanceled
	// KindBadRequest: the request itself is wrong: a 4xx from the upstream or a bad argument.
	KindBadRequest
	// KindUpstream5xx: the upstream failed with a 5xx that is not a timeout.
	KindUpstream5xx
	// KindBadPayload: the upstream answered 2xx with something that is not the Prometheus API.
	KindBadPayload
	// KindLimitExceeded: a guard of ours (series, points, bytes) would be or was exceeded.
	KindLimitExceeded
)

var kindNames = map[Kind]string{
	KindUnreachable:   "unreachable",
	KindTimeout:       "timeout",
	KindCanceled:      "canceled",
	KindBadRequest:    "bad request",
	KindUpstream5xx:   "upstream error",
	KindBadPayload:    "bad payload",
	KindLimitExceeded: "limit exceeded",
}

func (k Kind) String() string {
	if name, ok := kindNames[k]; ok {
		return name
	}
	return fmt.Sprintf("kind(%d)", int(k))
}

// Sentinels for errors.Is: errors.Is(err, promclient.ErrTimeout) matches any *Error of that Kind.
var (
	ErrUnreachable   = &Error{Kind: KindUnreachable}
	ErrTimeout       = &Error{Kind: KindTimeout}
	ErrCanceled      = &Error{Kind: KindCanceled}
	ErrBadRequest    = &Error{Kind: KindBadRequest}
	ErrUpstream5xx   = &Error{Kind: KindUpstream5xx}
	ErrBadPayload    = &Error{Kind: KindBadPayload}
	ErrLimitExceeded = &Error{Kind: KindLimitExceeded}
)

// Error is the only error type the client returns from a request. Its message is meant to be
// shown to a Grafana user as is, so it names what failed and what to do, and never carries
// credentials (the URL is validated to hold none; auth travels in headers only).
type Error struct {
	Kind Kind
	// Op is the API call that failed, e.g. "query_range" or "buildinfo".
	Op string
	// Status is the upstream's HTTP status, 0 when there was none.
	Status int
	// ErrorType and Message are the upstream's own "errorType" and "error" fields, when it sent them.
	ErrorType string
	Message   string
	// Hint says what the user can do about it.
	Hint string
	// Err is the underlying cause (a net or context error), for errors.Is(err, context.DeadlineExceeded).
	Err error
}

func (e *Error) Error() string {
	msg := e.Op
	if msg == "" {
		msg = "prometheus request"
	}
	msg += ": " + e.summary()
	if e.Hint != "" {
		msg += "; " + e.Hint
	}
	return msg
}

func (e *Error) summary() string {
	var s string
	switch {
	// VictoriaMetrics puts the status code itself in errorType; saying it twice helps nobody.
	case e.Status != 0 && e.ErrorType != "" && e.ErrorType != strconv.Itoa(e.Status):
		s = fmt.Sprintf("%s (HTTP %d, %s)", e.Kind, e.Status, e.ErrorType)
	case e.Status != 0:
		s = fmt.Sprintf("%s (HTTP %d)", e.Kind, e.Status)
	default:
		s = e.Kind.String()
	}
	switch {
	case e.Message != "":
		s += ": " + e.Message
	case e.Err != nil:
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// Is makes the Err* sentinels match by Kind alone, whatever the details.
func (e *Error) Is(target error) bool {
	var t *Error
	if !errors.As(target, &t) {
		return false
	}
	return t.Kind == e.Kind && t.Op == "" && t.Status == 0 && t.Message == "" && t.Err == nil
}

// KindOf returns the Kind of err, or 0 when err is not (or does not wrap) an *Error.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return 0
}
