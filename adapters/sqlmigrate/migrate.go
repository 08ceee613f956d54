// Package sqlmigrate applies versioned SQL migrations (files named
// NNNN_what.sql) to SQLite or PostgreSQL, keeping their history in a table
// of their own. The store and the embedded queue each have one set, so they
// can live in one database or apart and evolve independently.
package sqlmigrate

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Migration is one versioned step.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// Set describes one package's migrations.
type Set struct {
	// What names the schema in messages ("schema", "queue schema").
	What string
	// Table keeps the history: one row per applied version.
	Table string
	// FS and Dir hold the NNNN_name.sql files.
	FS  fs.FS
	Dir string
	// Lock runs first in every migration transaction (PostgreSQL's advisory
	// lock), so that hubs starting together apply each step once. SQLite
	// needs none: its write transactions are serialised.
	Lock string
	// Numbered placeholders ($1 …) instead of ?.
	Numbered bool
}

// Load reads the set's migrations in version order.
func (s Set) Load() ([]Migration, error) {
	entries, err := fs.ReadDir(s.FS, s.Dir)
	if err != nil {
		return nil, fmt.Errorf("read migrations in %s: %w", s.Dir, err)
	}
	var out []Migration
	for _, e := range entries {
		prefix, _, ok := strings.Cut(e.Name(), "_")
		version, err := strconv.Atoi(prefix)
		if !ok || err != nil || version <= 0 || !strings.HasSuffix(e.Name(), ".sql") {
			return nil, fmt.Errorf("migration %s/%s is not named NNNN_name.sql", s.Dir, e.Name())
		}
		body, err := fs.ReadFile(s.FS, path.Join(s.Dir, e.Name()))
		if err != nil {
			return nil, err
		}
		out = append(out, Migration{Version: version, Name: strings.TrimSuffix(e.Name(), ".sql"), SQL: string(body)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	for i := 1; i < len(out); i++ {
		if out[i].Version == out[i-1].Version {
			return nil, fmt.Errorf("two migrations in %s have version %d", s.Dir, out[i].Version)
		}
	}
	return out, nil
}

// Apply brings db up to date and returns how many migrations it applied.
// Each migration runs in its own transaction together with its history row.
// A database whose history is newer than this build is refused.
func (s Set) Apply(ctx context.Context, db *sql.DB) (int, error) {
	ms, err := s.Load()
	if err != nil || len(ms) == 0 {
		return 0, err
	}
	latest := ms[len(ms)-1].Version
	applied := 0
	for _, m := range ms {
		ran := false
		err := s.tx(ctx, db, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS `+s.Table+` (
				version    BIGINT NOT NULL PRIMARY KEY,
				name       TEXT   NOT NULL,
				applied_at BIGINT NOT NULL)`); err != nil {
				return fmt.Errorf("create %s: %w", s.Table, err)
			}
			current, err := s.Version(ctx, tx)
			if err != nil {
				return err
			}
			if current > latest {
				return fmt.Errorf("the database %s is at version %d but this hub knows versions up to %d; run a newer hub", s.What, current, latest)
			}
			var n int
			if err := tx.QueryRowContext(ctx, s.q(`SELECT COUNT(*) FROM `+s.Table+` WHERE version = ?`), m.Version).Scan(&n); err != nil || n > 0 {
				return err
			}
			if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
				return err
			}
			ran = true
			_, err = tx.ExecContext(ctx, s.q(`INSERT INTO `+s.Table+` (version, name, applied_at) VALUES (?, ?, ?)`),
				m.Version, m.Name, time.Now().UnixMicro())
			return err
		})
		if err != nil {
			return applied, fmt.Errorf("apply %s migration %s: %w", s.What, m.Name, err)
		}
		if ran {
			applied++
		}
	}
	return applied, nil
}

// Querier is a database or a transaction.
type Querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Version returns the latest applied version (0 when none).
func (s Set) Version(ctx context.Context, q Querier) (int, error) {
	var v sql.NullInt64
	if err := q.QueryRowContext(ctx, `SELECT MAX(version) FROM `+s.Table).Scan(&v); err != nil {
		return 0, fmt.Errorf("read the %s version: %w", s.What, err)
	}
	return int(v.Int64), nil
}

func (s Set) tx(ctx context.Context, db *sql.DB, fn func(tx *sql.Tx) error) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	if s.Lock != "" {
		if _, err := tx.ExecContext(ctx, s.Lock); err != nil {
			_ = tx.Rollback()
			return fmt.Errorf("take the migration lock: %w", err)
		}
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

// q numbers ? placeholders for PostgreSQL.
func (s Set) q(query string) string {
	if !s.Numbered {
		return query
	}
	return Number(query)
}

// Number rewrites the ? placeholders of query as $1, $2 … (PostgreSQL).
// The queries of this project never contain a literal question mark.
func Number(query string) string {
	var b strings.Builder
	b.Grow(len(query) + 16)
	n := 0
	for i := 0; i < len(query); i++ {
		if query[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(query[i])
	}
	return b.String()
}
