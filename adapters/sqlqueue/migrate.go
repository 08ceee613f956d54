package sqlqueue

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"
)

// The queue keeps its own schema history in queue_migrations, apart from
// sqlstore's schema_migrations: the two packages evolve independently and
// the queue can live in a database without the store's tables.
//
//go:embed migrations
var migrationFiles embed.FS

type migration struct {
	version int
	name    string
	sql     string
}

func (d dialect) migrations() ([]migration, error) {
	dir := path.Join("migrations", d.name)
	entries, err := fs.ReadDir(migrationFiles, dir)
	if err != nil {
		return nil, fmt.Errorf("read %s migrations: %w", d.name, err)
	}
	var out []migration
	for _, e := range entries {
		prefix, _, _ := strings.Cut(e.Name(), "_")
		version, err := strconv.Atoi(prefix)
		if err != nil || version <= 0 || !strings.HasSuffix(e.Name(), ".sql") {
			return nil, fmt.Errorf("migration %s/%s is not named NNNN_name.sql", dir, e.Name())
		}
		body, err := migrationFiles.ReadFile(path.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		out = append(out, migration{version, strings.TrimSuffix(e.Name(), ".sql"), string(body)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	return out, nil
}

// Migrate brings the queue's tables up to date and returns how many
// migrations it applied. Each migration runs in one transaction with its
// row in queue_migrations, under the dialect's migration lock, so that
// hubs starting together apply it once. A schema newer than this build is
// refused.
func (q *Queue) Migrate(ctx context.Context) (int, error) {
	ms, err := q.d.migrations()
	if err != nil {
		return 0, fmt.Errorf("sqlqueue: %w", err)
	}
	applied := 0
	for i, m := range ms {
		err := q.migrationTx(ctx, func(tx *sql.Tx) error {
			if i == 0 {
				if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS queue_migrations (
					version    BIGINT NOT NULL PRIMARY KEY,
					name       TEXT   NOT NULL,
					applied_at BIGINT NOT NULL)`); err != nil {
					return fmt.Errorf("create queue_migrations: %w", err)
				}
			}
			var current int
			if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM queue_migrations`).Scan(&current); err != nil {
				return fmt.Errorf("read the queue schema version: %w", err)
			}
			if latest := ms[len(ms)-1].version; current > latest {
				return fmt.Errorf("the queue schema is at version %d but this hub knows versions up to %d; run a newer hub", current, latest)
			}
			if current >= m.version {
				return nil
			}
			if _, err := tx.ExecContext(ctx, m.sql); err != nil {
				return err
			}
			applied++
			_, err := tx.ExecContext(ctx, q.d.q(`INSERT INTO queue_migrations (version, name, applied_at) VALUES (?, ?, ?)`),
				m.version, m.name, time.Now().UnixMicro())
			return err
		})
		if err != nil {
			return applied, fmt.Errorf("sqlqueue: apply %s migration %s: %w", q.d.name, m.name, err)
		}
	}
	return applied, nil
}

func (q *Queue) migrationTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	return q.inTx(ctx, func(tx *sql.Tx) error {
		if q.d.migrationLock != "" {
			if _, err := tx.ExecContext(ctx, q.d.migrationLock); err != nil {
				return fmt.Errorf("take the migration lock: %w", err)
			}
		}
		return fn(tx)
	})
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
