package sqlstore

import (
	"context"
	"database/sql"
	"sync"
)

// preparedDB is the store's *sql.DB with its queries prepared once and kept.
//
// modernc's SQLite compiles every query in Go on every call: on the webhook
// path the binding lookup spent more time preparing its SELECT than running
// it. A *sql.Stmt is prepared once per connection and reused by database/sql.
// PostgreSQL's driver (pgx) keeps its own statement cache, so for it the
// queries pass straight through.
//
// The queries are the package's own constants, so the cache is bounded by
// the code, not by the traffic.
type preparedDB struct {
	*sql.DB
	enabled bool

	mu    sync.RWMutex
	stmts map[string]*sql.Stmt
}

func newPreparedDB(db *sql.DB, enabled bool) *preparedDB {
	return &preparedDB{DB: db, enabled: enabled, stmts: map[string]*sql.Stmt{}}
}

// stmt returns the prepared form of query, or nil when it cannot be prepared
// (the caller then runs the query unprepared, which reports the error).
func (p *preparedDB) stmt(ctx context.Context, query string) *sql.Stmt {
	if !p.enabled {
		return nil
	}
	p.mu.RLock()
	st := p.stmts[query]
	p.mu.RUnlock()
	if st != nil {
		return st
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if st = p.stmts[query]; st != nil {
		return st
	}
	// A cancelled request must not leave a half-made statement behind; the
	// statement outlives it, so it is prepared without its deadline.
	st, err := p.DB.PrepareContext(context.WithoutCancel(ctx), query)
	if err != nil {
		return nil
	}
	p.stmts[query] = st
	return st
}

// ExecContext runs query, prepared.
func (p *preparedDB) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if st := p.stmt(ctx, query); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return p.DB.ExecContext(ctx, query, args...)
}

// QueryContext runs query, prepared.
func (p *preparedDB) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if st := p.stmt(ctx, query); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return p.DB.QueryContext(ctx, query, args...)
}

// QueryRowContext runs query, prepared.
func (p *preparedDB) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if st := p.stmt(ctx, query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return p.DB.QueryRowContext(ctx, query, args...)
}
