package fleet

import "fmt"

// Kind is what went wrong, so the caller can pick a status and the user a fix.
type Kind int

const (
	// KindBadQuery: the query cannot run as asked (selector, range, a feature's PromQL).
	KindBadQuery Kind = iota + 1
	// KindTooManyHosts: more hosts match than the configured limit.
	KindTooManyHosts
	// KindBudgetExceeded: the time budget ran out before any shard was scored.
	KindBudgetExceeded
)

// Error is a failure of the fleet computation itself; failures of the upstream are returned
// as the promclient's own typed errors.
type Error struct {
	Kind    Kind
	Message string
	Err     error
}

func (e *Error) Error() string { return e.Message }

func (e *Error) Unwrap() error { return e.Err }

func badQuery(format string, args ...any) *Error {
	return &Error{Kind: KindBadQuery, Message: fmt.Sprintf(format, args...)}
}
