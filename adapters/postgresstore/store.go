package postgresstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver

	"github.com/sigsentry/hub/adapters/secretbox"
	"github.com/sigsentry/hub/adapters/sqlstore"
	"github.com/sigsentry/hub/core/analysis"
	"github.com/sigsentry/hub/core/binding"
	"github.com/sigsentry/hub/core/project"
	"github.com/sigsentry/hub/core/triage"
)

// Store is the hub's state in a PostgreSQL database. It implements the
// core's store ports through the embedded *sqlstore.Store.
type Store struct {
	*sqlstore.Store
	db *sql.DB
}

var (
	_ project.Store  = (*Store)(nil)
	_ binding.Store  = (*Store)(nil)
	_ triage.Store   = (*Store)(nil)
	_ analysis.Store = (*Store)(nil)
)

// Pool defaults; DB() gives access to tune them. As many idle connections
// as open ones: with fewer, every burst above the idle count closed
// connections after one query and dialled new ones (a TCP and
// authentication round trip and a new server process each); the idle time
// closes the surplus once the burst is over.
const (
	maxOpenConns    = 20
	maxIdleConns    = maxOpenConns
	connMaxIdleTime = 5 * time.Minute
)

// Open connects to the database at url (postgres://user:pass@host/db?…,
// or the key=value form) and brings its schema up to date. Tables go to
// the first schema of the search_path, which url may set with
// search_path=name. box seals the secrets. Errors never repeat the URL,
// which may hold a password.
func Open(ctx context.Context, url string, box *secretbox.Box) (*Store, error) {
	if url == "" {
		return nil, errors.New("postgres: no database URL")
	}
	db, err := sql.Open("pgx", url)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	db.SetMaxOpenConns(maxOpenConns)
	db.SetMaxIdleConns(maxIdleConns)
	db.SetConnMaxIdleTime(connMaxIdleTime)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("postgres: connect: %w", err)
	}
	inner, err := sqlstore.New(db, sqlstore.Postgres, box)
	if err == nil {
		_, err = inner.Migrate(ctx)
	}
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("postgres: %w", err)
	}
	return &Store{Store: inner, db: db}, nil
}

// Close closes the connection pool.
func (s *Store) Close() error { return s.db.Close() }

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error { return s.db.PingContext(ctx) }

// DB returns the connection pool, for other adapters that keep their tables
// in the same database.
func (s *Store) DB() *sql.DB { return s.db }
