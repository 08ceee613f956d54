// Package sqlitestore keeps the hub's state in one SQLite file, the default
// for a single hub, through the pure-Go driver modernc.org/sqlite (no cgo).
// The queries and schema are sqlstore's; this package opens the file with
// the settings SQLite needs for a concurrent server.
package sqlitestore
