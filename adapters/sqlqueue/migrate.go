package sqlqueue

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"path"

	"github.com/sigsentry/hub/adapters/sqlmigrate"
)

// The queue keeps its own schema history in queue_migrations, apart from
// sqlstore's schema_migrations: the two packages evolve independently and
// the queue can live in a database without the store's tables.
//
//go:embed migrations
var migrationFiles embed.FS

// Migrate brings the queue's tables up to date and returns how many
// migrations it applied. Each migration runs in one transaction with its
// row in queue_migrations, under the dialect's migration lock, so that
// hubs starting together apply it once. A schema newer than this build is
// refused.
func (q *Queue) Migrate(ctx context.Context) (int, error) {
	set := sqlmigrate.Set{What: "queue schema", Table: "queue_migrations", FS: migrationFiles,
		Dir: path.Join("migrations", q.d.name), Lock: q.d.migrationLock, Numbered: q.d.numbered}
	n, err := set.Apply(ctx, q.db)
	if err != nil {
		return n, fmt.Errorf("sqlqueue: %w", q.fault.observe(ctx, err))
	}
	q.fault.location(ctx) // learn the file now, for the readiness check
	return n, nil
}

// inTx runs fn in a transaction, committing when it returns nil. A full or
// read-only disk (SQLite refuses most writes at the commit) goes to the
// fault watch, which names the file and what to do in the error.
func (q *Queue) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := q.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", q.fault.observe(ctx, err))
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return q.fault.observe(ctx, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", q.fault.observe(ctx, err))
	}
	q.fault.ok(ctx)
	return nil
}
