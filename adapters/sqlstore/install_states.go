package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/sigsentry/hub/core"
)

// expiredStateGrace is how long an expired state is kept, so that a late
// click is told "expired" rather than "unknown" before it is swept.
const expiredStateGrace = time.Hour

// SaveInstallState remembers the hash of an OAuth state for a pending
// binding until expires.
func (s *Store) SaveInstallState(ctx context.Context, stateHash, bindingID string, expires time.Time) error {
	_, err := s.db.ExecContext(ctx, s.q(`INSERT INTO install_states (state_hash, binding_id, expires_at)
		VALUES (?, ?, ?)`), stateHash, bindingID, micros(expires))
	if derr := s.domainError(err, onWrite{kind: "install state", id: stateHash,
		missing: func() error { return core.NotFound("binding", bindingID) }}); derr != nil {
		return derr
	}
	return wrap(err, "save install state of binding %s", bindingID)
}

// ConsumeInstallState deletes the state and returns its binding id. The
// delete and the read are one statement, so of two concurrent callbacks with
// the same state exactly one gets the binding. An unknown, used or expired
// state is not found. States of abandoned installs are swept on the way.
func (s *Store) ConsumeInstallState(ctx context.Context, stateHash string, now time.Time) (string, error) {
	if _, err := s.db.ExecContext(ctx, s.q(`DELETE FROM install_states WHERE expires_at < ?`),
		micros(now.Add(-expiredStateGrace))); err != nil {
		return "", wrap(err, "sweep expired install states")
	}
	var bindingID string
	var expires int64
	err := s.db.QueryRowContext(ctx, s.q(`DELETE FROM install_states WHERE state_hash = ?
		RETURNING binding_id, expires_at`), stateHash).Scan(&bindingID, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return "", &core.Error{Code: core.ErrNotFound,
			Message: "this install link is unknown or was already used; start the install again"}
	}
	if err != nil {
		return "", wrap(err, "consume install state")
	}
	if !now.Before(fromMicros(expires)) {
		return "", &core.Error{Code: core.ErrNotFound, Message: "this install link has expired; start the install again"}
	}
	return bindingID, nil
}
