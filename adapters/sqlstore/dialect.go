package sqlstore

import (
	"errors"

	"github.com/sigsentry/hub/adapters/sqlmigrate"
)

// Dialect is what differs between the SQL databases the store runs on: the
// placeholder style, row locks, how migrators exclude each other, how a
// constraint violation is reported and the schema itself. The queries are
// otherwise shared, in the SQL both databases accept.
type Dialect struct {
	name string
	// numbered placeholders ($1, $2 …) instead of ?.
	numbered bool
	// forUpdate is appended to a SELECT that must lock the rows it reads.
	// SQLite has no row locks; its writers are serialised by BEGIN IMMEDIATE.
	forUpdate string
	// migrationLock runs first in every migration transaction so that two
	// hubs starting at once do not both apply a migration.
	migrationLock string
	// migrationsDir is the directory of migrations (embedded) for the dialect.
	migrationsDir string
	// prepare keeps each query prepared (see preparedDB).
	prepare bool
	// violation reports which constraint err breaks, if any, and its details
	// (a constraint name or the columns involved).
	violation func(err error) (violation, string)
}

// SQLite is the dialect of SQLite 3.35 or later (for RETURNING). Open the
// database with foreign keys on and _txlock=immediate, as sqlitestore does.
var SQLite = Dialect{
	name:          "sqlite",
	prepare:       true,
	migrationsDir: "migrations/sqlite",
	violation:     sqliteViolation,
}

// Postgres is the dialect of PostgreSQL 13 or later.
var Postgres = Dialect{
	name:      "postgres",
	numbered:  true,
	forUpdate: " FOR UPDATE",
	// A transaction-scoped advisory lock per schema: released at commit,
	// and hubs using different schemas of one database do not wait on each
	// other.
	migrationLock: "SELECT pg_advisory_xact_lock(1936286579, hashtext(COALESCE(current_schema(), '')))",
	migrationsDir: "migrations/postgres",
	violation:     postgresViolation,
}

// Name is "sqlite" or "postgres".
func (d Dialect) Name() string { return d.name }

// rebind rewrites ? placeholders for dialects that number them. Queries in
// this package never contain a literal question mark.
func (d Dialect) rebind(query string) string {
	if !d.numbered {
		return query
	}
	return sqlmigrate.Number(query)
}

type violation int

const (
	noViolation violation = iota
	uniqueViolation
	foreignKeyViolation
)

// sqliteViolation reads modernc.org/sqlite errors (extended result codes)
// without importing the driver.
func sqliteViolation(err error) (violation, string) {
	var e interface{ Code() int }
	if !errors.As(err, &e) {
		return noViolation, ""
	}
	switch e.Code() {
	case 2067, 1555: // SQLITE_CONSTRAINT_UNIQUE, SQLITE_CONSTRAINT_PRIMARYKEY
		return uniqueViolation, err.Error() // "UNIQUE constraint failed: projects.slug"
	case 787: // SQLITE_CONSTRAINT_FOREIGNKEY
		return foreignKeyViolation, err.Error()
	}
	return noViolation, ""
}

// postgresViolation reads pgconn.PgError (and any error with SQLState)
// without importing the driver. PgError's message names the constraint.
func postgresViolation(err error) (violation, string) {
	var e interface{ SQLState() string }
	if !errors.As(err, &e) {
		return noViolation, ""
	}
	switch e.SQLState() {
	case "23505": // unique_violation
		return uniqueViolation, err.Error()
	case "23503": // foreign_key_violation
		return foreignKeyViolation, err.Error()
	}
	return noViolation, ""
}
