package redisqueue

import (
	"errors"
	"fmt"
	"io"
	"net"
	"syscall"

	"github.com/redis/go-redis/v9"

	"github.com/sigsentry/hub/core"
)

// unavailable marks err, an error of the Redis client, as unavailable in the
// core's terms when Redis cannot take the call now but will once it is back:
// it does not answer (down, restarting, unreachable), is loading its data
// after a restart, or refuses writes (out of memory under noeviction, a
// read-only replica, a failed save). The HTTP API then answers 503 with
// Retry-After, so that a desk retries its webhook later, and /readyz shows
// the reason. Any other error (a bug, a key of the wrong type) is returned
// as it is and stays internal.
//
// The message is for people and names no host; the client's error, kept in
// the chain, goes to the log.
func unavailable(err error) error {
	reason := unavailableReason(err)
	if reason == "" {
		return err
	}
	return fmt.Errorf("%w: %w", &core.Error{Code: core.ErrUnavailable, Message: "Redis " + reason}, err)
}

// unavailableReason says why Redis cannot take a call now, or "" when err
// is not a passing condition.
func unavailableReason(err error) string {
	var ne net.Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &ne), errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF),
		errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE),
		errors.Is(err, redis.ErrPoolTimeout), errors.Is(err, redis.ErrPoolExhausted), errors.Is(err, redis.ErrClosed):
		return "does not answer"
	}
	for _, r := range []struct{ prefix, reason string }{
		{"LOADING", "is loading its data after a restart"},
		{"BUSY ", "is busy running a script"},
		{"MASTERDOWN", "has lost its primary"},
		{"TRYAGAIN", "is resharding"},
		{"CLUSTERDOWN", "Cluster is down"},
		{"READONLY", "is a read-only replica"},
		{"OOM", "is out of memory (maxmemory) and refuses writes"},
		{"MISCONF", "cannot save to disk and refuses writes (MISCONF)"},
		{"NOREPLICAS", "has too few replicas to accept writes"},
	} {
		if redis.HasErrorPrefix(err, r.prefix) {
			return r.reason
		}
	}
	return ""
}
