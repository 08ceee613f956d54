package sqlstore

import (
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/sigsentry/hub/core"
)

// onWrite says how the constraint violations of one write read to a person.
type onWrite struct {
	// kind and id name the row written: a unique violation no rule matches
	// is its primary key ("project "prj_…" already exists").
	kind, id string
	// unique maps a word of a unique constraint's details (PostgreSQL names
	// the constraint, SQLite lists its table.columns) to the error to return.
	unique []uniqueRule
	// missing is returned when a foreign key points at no row.
	missing func() error
}

type uniqueRule struct {
	match string
	err   func() error
}

// domainError turns a constraint violation into the domain error described
// by w. It returns nil when err is not a violation; the caller then wraps
// err with its own context.
func (s *Store) domainError(err error, w onWrite) error {
	kind, detail := s.d.violation(err)
	switch kind {
	case uniqueViolation:
		for _, r := range w.unique {
			if strings.Contains(detail, r.match) {
				return r.err()
			}
		}
		return core.Conflict("%s %q already exists", w.kind, w.id)
	case foreignKeyViolation:
		if w.missing != nil {
			return w.missing()
		}
	}
	return nil
}

// noRows maps sql.ErrNoRows to the domain's not-found error and returns
// any other error unchanged.
func noRows(err error, kind, id string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return core.NotFound(kind, id)
	}
	return err
}

// wrap adds what was being done to an unexpected error. Domain errors pass
// unchanged: their message is for the person who made the request.
func wrap(err error, format string, args ...any) error {
	var e *core.Error
	if err == nil || errors.As(err, &e) {
		return err
	}
	return fmt.Errorf(format+": %w", append(args, err)...)
}
