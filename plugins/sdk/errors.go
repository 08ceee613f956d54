package sdk

import (
	"fmt"
	"time"

	"github.com/sigsentry/hub/plugins/sdk/deskv1"
)

// Retryable: the desk failed in a way that may pass (5xx, timeout, network).
func Retryable(status int, format string, args ...any) *deskv1.DeskError {
	return deskErr(deskv1.DeskError_RETRYABLE, status, format, args...)
}

// RateLimited: the desk asked to slow down; the hub waits retryAfter.
func RateLimited(retryAfter time.Duration, format string, args ...any) *deskv1.DeskError {
	e := deskErr(deskv1.DeskError_RATE_LIMITED, 429, format, args...)
	e.RetryAfterMs = retryAfter.Milliseconds()
	return e
}

// Unauthorized: the desk refused the token; the binding needs a reinstall.
func Unauthorized(status int, format string, args ...any) *deskv1.DeskError {
	return deskErr(deskv1.DeskError_UNAUTHORIZED, status, format, args...)
}

// NotFound: the target (a deleted conversation) is gone; the job is dropped.
func NotFound(format string, args ...any) *deskv1.DeskError {
	return deskErr(deskv1.DeskError_NOT_FOUND, 404, format, args...)
}

// Invalid: the request is wrong (bad signature, malformed body, missing setting).
func Invalid(format string, args ...any) *deskv1.DeskError {
	return deskErr(deskv1.DeskError_INVALID, 0, format, args...)
}

// BadSignature: a delivery (webhook, canvas request) whose signature does
// not verify. The hub answers 401 without the message: the sender is
// nobody the hub trusts.
func BadSignature(format string, args ...any) *deskv1.DeskError {
	return deskErr(deskv1.DeskError_INVALID, 401, format, args...)
}

// Malformed: a delivery whose signature verifies but which the plugin
// cannot read (not the desk's format, a field out of range). The hub
// answers 400 with the message and logs it: the desk sent it, so the
// operator should hear that something changed on its side.
func Malformed(format string, args ...any) *deskv1.DeskError {
	return deskErr(deskv1.DeskError_INVALID, 400, format, args...)
}

// Permanent: any other failure that retrying will not fix.
func Permanent(status int, format string, args ...any) *deskv1.DeskError {
	return deskErr(deskv1.DeskError_PERMANENT, status, format, args...)
}

func deskErr(kind deskv1.DeskError_Kind, status int, format string, args ...any) *deskv1.DeskError {
	return &deskv1.DeskError{Kind: kind, HttpStatus: int32(status), Message: fmt.Sprintf(format, args...)}
}

// ErrorFromStatus classifies a desk's HTTP answer the way most REST desks
// mean it. retryAfter is what the desk's headers asked for (0 if nothing).
func ErrorFromStatus(status int, retryAfter time.Duration, message string) *deskv1.DeskError {
	switch {
	case status == 429:
		if retryAfter <= 0 {
			retryAfter = 10 * time.Second
		}
		return RateLimited(retryAfter, "desk rate limit: %s", message)
	case status == 401 || status == 403:
		return Unauthorized(status, "desk refused the token (%d): %s", status, message)
	case status == 404 || status == 410:
		return NotFound("desk says not found (%d): %s", status, message)
	case status == 408 || status >= 500:
		return Retryable(status, "desk error %d: %s", status, message)
	default:
		return Permanent(status, "desk refused the request (%d): %s", status, message)
	}
}
