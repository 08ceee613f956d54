package sqlitestore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"github.com/sigsentry/hub/adapters/secretbox"
	"github.com/sigsentry/hub/adapters/sqlstore"
	"github.com/sigsentry/hub/core/analysis"
	"github.com/sigsentry/hub/core/binding"
	"github.com/sigsentry/hub/core/project"
	"github.com/sigsentry/hub/core/triage"
)

// Store is the hub's state in a SQLite file. It implements the core's store
// ports through the embedded *sqlstore.Store.
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

// Open opens (creating it and its directory when needed) the database at
// path and brings its schema up to date. Every connection runs in WAL mode
// with foreign keys on, waits up to 5 s for a lock, and starts write
// transactions with BEGIN IMMEDIATE, so that two transactions never
// deadlock upgrading a read lock. box seals the secrets.
func Open(ctx context.Context, path string, box *secretbox.Box) (*Store, error) {
	if path == "" {
		return nil, errors.New("sqlite: no database path")
	}
	if path == ":memory:" || strings.HasPrefix(path, "file:") {
		return nil, fmt.Errorf("sqlite: want a file path, got %q", path)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("sqlite: create database directory: %w", err)
	}
	db, err := sql.Open("sqlite", dsn(path))
	if err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	db.SetMaxIdleConns(maxIdleConns)
	db.SetConnMaxIdleTime(connMaxIdleTime)
	s, err := open(ctx, db, box)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	return s, nil
}

func open(ctx context.Context, db *sql.DB, box *secretbox.Box) (*Store, error) {
	if err := db.PingContext(ctx); err != nil {
		return nil, err
	}
	inner, err := sqlstore.New(db, sqlstore.SQLite, box)
	if err != nil {
		return nil, err
	}
	if _, err := inner.Migrate(ctx); err != nil {
		return nil, err
	}
	return &Store{Store: inner, db: db}, nil
}

// dsn is a SQLite URI for path with the connection settings as parameters
// the driver applies to every new connection.
func dsn(path string) string {
	params := url.Values{}
	params.Set("_txlock", "immediate")
	for _, p := range []string{"busy_timeout(5000)", "journal_mode(WAL)", "foreign_keys(ON)", "synchronous(NORMAL)"} {
		params.Add("_pragma", p)
	}
	// In a URI, %, ? and # would be read as escapes, the query and a fragment.
	escaped := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(filepath.ToSlash(filepath.Clean(path)))
	return "file:" + escaped + "?" + params.Encode()
}

// database/sql keeps only 2 idle connections by default: under concurrent
// requests every further one was closed after use and reopened on the next,
// and a new SQLite connection applies its pragmas and parses the whole
// schema (over a quarter of the hub's CPU at 2,000 webhooks/s). Keep enough idle;
// the idle time closes the surplus after a burst.
const (
	maxIdleConns    = 64
	connMaxIdleTime = 5 * time.Minute
)

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error { return s.db.PingContext(ctx) }

// DB returns the database, for other adapters that keep their tables in the
// same file (the embedded queue).
func (s *Store) DB() *sql.DB { return s.db }
