package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/sigsentry/hub/adapters/secretbox"
	"github.com/sigsentry/hub/core"
	"github.com/sigsentry/hub/core/analysis"
	"github.com/sigsentry/hub/core/binding"
	"github.com/sigsentry/hub/core/project"
	"github.com/sigsentry/hub/core/triage"
)

// Store implements every store port of the core over one *sql.DB.
type Store struct {
	db  *preparedDB
	d   Dialect
	box *secretbox.Box
}

var (
	_ project.Store  = (*Store)(nil)
	_ binding.Store  = (*Store)(nil)
	_ triage.Store   = (*Store)(nil)
	_ analysis.Store = (*Store)(nil)
)

// New returns a store over db, which the caller opened for dialect d and
// keeps ownership of (New does not close it). box seals and opens the
// secrets. Call Migrate before the first use.
func New(db *sql.DB, d Dialect, box *secretbox.Box) (*Store, error) {
	switch {
	case db == nil:
		return nil, errors.New("sqlstore: no database")
	case d.name == "":
		return nil, errors.New("sqlstore: no dialect; use sqlstore.SQLite or sqlstore.Postgres")
	case box == nil:
		return nil, errors.New("sqlstore: no secretbox to seal secrets with")
	}
	return &Store{db: newPreparedDB(db, d.prepare), d: d, box: box}, nil
}

// Dialect returns the dialect the store was created with.
func (s *Store) Dialect() Dialect { return s.d }

// q adapts a query written with ? placeholders to the dialect.
func (s *Store) q(query string) string { return s.d.rebind(query) }

// inTx runs fn in a transaction, committing when it returns nil.
func (s *Store) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// scanner is a *sql.Row or *sql.Rows.
type scanner interface {
	Scan(dest ...any) error
}

// querier is a *sql.DB or a *sql.Tx.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// queryAll runs a query (already rebound) and scans every row with scan.
func queryAll[T any](ctx context.Context, q querier, scan func(scanner) (T, error), query string, args ...any) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// affected checks that an UPDATE or DELETE touched a row, and returns the
// domain's not-found error when it did not.
func affected(res sql.Result, kind, id string) error {
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return core.NotFound(kind, id)
	}
	return nil
}
