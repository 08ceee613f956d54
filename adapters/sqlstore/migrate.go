package sqlstore

import (
	"context"
	"embed"
	"fmt"

	"github.com/sigsentry/hub/adapters/sqlmigrate"
)

//go:embed migrations
var migrationFiles embed.FS

// Migration is one versioned step of the schema, named NNNN_what.sql.
type Migration = sqlmigrate.Migration

// migrations is the dialect's set, with its history in schema_migrations.
func (d Dialect) migrations() sqlmigrate.Set {
	return sqlmigrate.Set{What: "schema", Table: "schema_migrations", FS: migrationFiles,
		Dir: d.migrationsDir, Lock: d.migrationLock, Numbered: d.numbered}
}

// Migrations returns the dialect's migrations in the order they apply.
func (d Dialect) Migrations() ([]Migration, error) { return d.migrations().Load() }

// Migrate brings the schema up to date and returns how many migrations it
// applied (0 when the schema was current). Each migration runs in its own
// transaction together with its row in schema_migrations, under the
// dialect's migration lock, so concurrent starts apply each step once. A
// database whose schema is newer than this build is refused.
func (s *Store) Migrate(ctx context.Context) (int, error) {
	n, err := s.d.migrations().Apply(ctx, s.db.DB)
	if err != nil {
		return n, fmt.Errorf("migrate %s schema: %w", s.d.name, err)
	}
	return n, nil
}

// SchemaVersion returns the version of the latest applied migration.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	return s.d.migrations().Version(ctx, s.db.DB)
}
