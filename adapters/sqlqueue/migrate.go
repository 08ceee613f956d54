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
		return n, fmt.Errorf("sqlqueue: %w", err)
	}
	return n, nil
}

// inTx runs fn in a transaction, committing when it returns nil.
func (q *Queue) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := q.db.BeginTx(ctx, nil)
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
