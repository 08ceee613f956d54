package pipeline

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/sigsentry/hub/core/binding"
)

// Visibility says who reads a post.
type Visibility string

const (
	Internal Visibility = "internal" // a note for the team
	Public   Visibility = "public"   // a reply the customer reads
)

// Poster writes into a desk conversation. The plugin host implements it.
// Every call carries an idempotency key that stays the same across retries
// of one post, for desks that can de-duplicate.
type Poster interface {
	// attempt is 1 on the first try of the job that posts; desks without
	// idempotency keys use it to look for an earlier try that reached them.
	Post(ctx context.Context, b *binding.Binding, conversationID string, v Visibility, body, idempotencyKey string, attempt int) (messageID string, err error)
	SetAttributes(ctx context.Context, b *binding.Binding, conversationID string, attrs map[string]string, idempotencyKey string) error
}

// FailureKind classifies a desk's refusal, so the queue knows what to do.
type FailureKind int

const (
	FailRetryable    FailureKind = iota + 1 // 5xx, timeouts: retry with backoff
	FailRateLimited                         // 429: retry after RetryAfter
	FailUnauthorized                        // 401/403: the binding needs a reinstall
	FailNotFound                            // 404: the conversation is gone; drop the job
	FailInvalid                             // our request was wrong; retrying will not help
	FailPermanent                           // anything else retrying will not fix
)

// DeskFailure is a desk's refusal as data.
type DeskFailure struct {
	Kind       FailureKind
	RetryAfter time.Duration
	HTTPStatus int
	Message    string
}

func (f *DeskFailure) Error() string {
	if f.HTTPStatus != 0 {
		return fmt.Sprintf("desk answered %d: %s", f.HTTPStatus, f.Message)
	}
	return "desk: " + f.Message
}

// AsDeskFailure returns the DeskFailure in err's chain, if any.
func AsDeskFailure(err error) (*DeskFailure, bool) {
	var f *DeskFailure
	ok := errors.As(err, &f)
	return f, ok
}
