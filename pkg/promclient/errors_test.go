package promclient

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestErrorIsMatchesByKind(t *testing.T) {
	err := fmt.Errorf("wrapped: %w", &Error{Kind: KindTimeout, Op: "query", Status: 503, Message: "query timed out"})
	if !errors.Is(err, ErrTimeout) {
		t.Fatal("errors.Is(err, ErrTimeout) = false")
	}
	if errors.Is(err, ErrUpstream5xx) {
		t.Fatal("a timeout must not match ErrUpstream5xx")
	}
	var e *Error
	if !errors.As(err, &e) || e.Status != 503 {
		t.Fatalf("errors.As gave %+v", e)
	}
	if KindOf(err) != KindTimeout || KindOf(errors.New("other")) != 0 {
		t.Fatal("KindOf is wrong")
	}
}

func TestErrorUnwrapsCause(t *testing.T) {
	err := &Error{Kind: KindTimeout, Err: context.DeadlineExceeded}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatal("the cause must stay reachable with errors.Is")
	}
}

func TestErrorMessage(t *testing.T) {
	e := &Error{Kind: KindBadRequest, Op: "query", Status: 400, ErrorType: "bad_data",
		Message: "parse error: unclosed left parenthesis", Hint: "fix the query"}
	want := "query: bad request (HTTP 400, bad_data): parse error: unclosed left parenthesis; fix the query"
	if got := e.Error(); got != want {
		t.Fatalf("Error() = %q\nwant      %q", got, want)
	}
	if got := (&Error{Kind: KindUnreachable}).Error(); !strings.Contains(got, "unreachable") {
		t.Fatalf("Error() = %q", got)
	}
}
