// Package sqlqueue is the hub's embedded job queue and effect log, the
// default when no Redis is configured: tables in the database the store
// already uses (the SQLite file that sqlitestore opens, or PostgreSQL). It
// implements pipeline.Queue and pipeline.Effects and passes the shared suite
// in adapters/queuetest.
//
// EnqueueOnce inserts the dedupe marker and the job in one transaction.
// Lease is one UPDATE … RETURNING that takes the oldest due job and writes
// a fresh random lease token into it; a job is due when its run_at has
// passed, and run_at holds the time it was queued, its retry time, or while
// it is leased, when the lease runs out. Ack, Retry and Bury match the
// token, so a worker whose lease ran out cannot finish a delivery that
// another worker now holds. On PostgreSQL the pick uses FOR UPDATE SKIP
// LOCKED, so several hubs lease side by side without waiting on each other.
//
// A waiting Lease sleeps until the next retry is due, is woken at once by a
// job queued in the same process, and otherwise looks again every
// PollEvery. Run (or Start) sweeps expired dedupe markers and old effects;
// jobs need no background loop.
//
// The tables have their own migrations (queue_migrations): call Migrate at
// start-up. On SQLite open the database as sqlitestore does (WAL, a busy
// timeout); every transaction here writes first, so none needs to upgrade a
// read lock.
package sqlqueue
