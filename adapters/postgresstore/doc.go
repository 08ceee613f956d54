// Package postgresstore keeps the hub's state in PostgreSQL, for hubs that
// run several instances or want the database managed apart from the hub,
// through pgx's database/sql driver. The queries and schema are sqlstore's;
// this package opens the connection pool.
package postgresstore
