package pluginhost

import (
	"errors"
	"fmt"

	"github.com/sigsentry/hub/core"
	"github.com/sigsentry/hub/plugins/sdk"
	"github.com/sigsentry/hub/plugins/sdk/deskv1"
)

var (
	// ErrUnknownPlatform: no plugin with that id was discovered, or it was
	// refused at discovery. Errors that match it also carry a *core.Error
	// with code core.ErrInvalid and field "platform", so the API answers 400.
	ErrUnknownPlatform = errors.New("unknown platform")

	// ErrUnavailable: the plugin is restarting, failed, or did not answer in
	// time. Errors that match it also carry a *core.Error with code
	// core.ErrUnavailable, so the HTTP layer answers 503 and the desk (or the
	// queue) retries later.
	ErrUnavailable = errors.New("desk plugin unavailable")
)

// hostError pairs one of the sentinels above (for errors.Is) with the
// *core.Error the HTTP layer maps to a status and a message it may show
// anyone. cause, when set, is the underlying failure (a gRPC status): it
// appears in Error(), which goes to the hub's log, but never in the
// *core.Error's message.
type hostError struct {
	kind  error
	err   *core.Error
	cause error
}

func (e *hostError) Error() string {
	if e.cause != nil {
		return e.err.Error() + ": " + e.cause.Error()
	}
	return e.err.Error()
}

func (e *hostError) Unwrap() []error {
	if e.cause != nil {
		return []error{e.kind, e.err, e.cause}
	}
	return []error{e.kind, e.err}
}

func unknownPlatform(id string) error {
	return &hostError{kind: ErrUnknownPlatform, err: core.Invalid("platform",
		"platform %q is not loaded; check the plugins directory and the hub's log for why", id)}
}

// unavailable is what callers see while a plugin cannot serve. The message
// reaches HTTP clients, so it says what is wrong without internals.
func unavailable(cause error, id, format string, args ...any) error {
	return &hostError{kind: ErrUnavailable, cause: cause, err: &core.Error{Code: core.ErrUnavailable,
		Message: fmt.Sprintf("platform %q ", id) + fmt.Sprintf(format, args...)}}
}

// RefusedError says why discovery did not accept a plugin folder. ID is
// empty when the manifest could not be read.
type RefusedError struct {
	Dir    string
	ID     string
	Reason string

	manifest *sdk.Manifest // when it could be read: Platforms still lists the plugin
}

func (e *RefusedError) Error() string {
	if e.ID == "" {
		return fmt.Sprintf("desk plugin in %s refused: %s", e.Dir, e.Reason)
	}
	return fmt.Sprintf("desk plugin %q in %s refused: %s", e.ID, e.Dir, e.Reason)
}

// permanentError marks a start failure that restarting cannot fix (a bad
// setting, a binary that is not what was verified, a plugin that lies about
// its id): the supervisor marks the plugin failed at once instead of
// burning through its restarts.
type permanentError struct{ err error }

func (e *permanentError) Error() string { return e.err.Error() }
func (e *permanentError) Unwrap() error { return e.err }

func permanent(err error) error { return &permanentError{err} }

func isPermanent(err error) bool {
	var p *permanentError
	return errors.As(err, &p)
}

// deskFailure turns a desk failure returned as data into a Go error for the
// binding use cases, keeping the desk's words: they name what to fix.
func deskFailure(platform, call string, e *deskv1.DeskError) error {
	msg := fmt.Sprintf("%s (%s): %s", platform, call, e.GetMessage())
	switch e.GetKind() {
	case deskv1.DeskError_RETRYABLE, deskv1.DeskError_RATE_LIMITED:
		return &core.Error{Code: core.ErrUnavailable, Message: msg}
	case deskv1.DeskError_NOT_FOUND:
		return &core.Error{Code: core.ErrNotFound, Message: msg}
	case deskv1.DeskError_INVALID:
		return core.Invalid("platform", "%s", msg)
	default:
		// UNAUTHORIZED and PERMANENT: the desk refused and retrying will not
		// help; nothing the API caller sent was wrong, so not a 4xx.
		return &core.Error{Code: core.ErrInternal, Message: msg}
	}
}
