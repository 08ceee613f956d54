// Package sqlstore is the one database/sql implementation of the hub's store
// ports (project.Store, binding.Store, triage.Store, analysis.Store), shared
// by the SQLite and PostgreSQL adapters through a Dialect. It owns the schema
// and its versioned migrations; sqlitestore and postgresstore open the
// connection and hand it here. Secrets are sealed with a secretbox.Box before
// they reach the database.
//
// Conventions: times are stored as BIGINT unix microseconds and read back as
// UTC truncated to the microsecond; structured values are JSON text; listings
// page newest first by id, which core.NewID makes time-sortable.
package sqlstore
