// Package storetest is the one test suite every implementation of the
// core's store ports passes (SQLite, PostgreSQL, and any in-memory fake):
// an adapter's test calls Run with a constructor for fresh, empty stores.
package storetest
