package core

import (
	"errors"
	"fmt"
)

// Error codes are the stable, machine-readable categories of failure. Adapters
// map them onto their transport: the HTTP API turns ErrInvalid into 400,
// ErrNotFound into 404 and so on.
const (
	ErrInvalid      = "invalid"      // the caller sent something that breaks a rule
	ErrNotFound     = "not_found"    // the thing does not exist (or belongs to someone else)
	ErrConflict     = "conflict"     // the request clashes with current state
	ErrUnauthorized = "unauthorized" // missing or wrong credentials
	ErrUnavailable  = "unavailable"  // a dependency is down; retrying later may work
	ErrInternal     = "internal"     // a bug or an unexpected failure
)

// Error is a domain failure a person can act on. Field names the offending
// input (in the JSON spelling the API uses) so that a form can show the
// message next to it.
type Error struct {
	Code    string
	Field   string
	Message string
}

func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("%s: %s", e.Field, e.Message)
	}
	return e.Message
}

// Invalid reports that field breaks a rule.
func Invalid(field, format string, args ...any) *Error {
	return &Error{Code: ErrInvalid, Field: field, Message: fmt.Sprintf(format, args...)}
}

// NotFound reports that a thing of the given kind does not exist.
func NotFound(kind, id string) *Error {
	return &Error{Code: ErrNotFound, Message: fmt.Sprintf("%s %q not found", kind, id)}
}

// Conflict reports that the request clashes with current state.
func Conflict(format string, args ...any) *Error {
	return &Error{Code: ErrConflict, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, or ErrInternal.
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ErrInternal
}

// ErrorMessage returns the message of the first *Error in err's chain. Other
// errors may carry internals (SQL, paths), so they are summarised instead.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Error()
	}
	return "internal error"
}

// ErrorField returns the offending field of the first *Error in err's chain.
func ErrorField(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Field
	}
	return ""
}
