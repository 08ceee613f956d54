package sqlqueue_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"github.com/sigsentry/hub/adapters/queuetest"
	"github.com/sigsentry/hub/adapters/secretbox"
	"github.com/sigsentry/hub/adapters/sqlitestore"
	"github.com/sigsentry/hub/adapters/sqlqueue"
	"github.com/sigsentry/hub/adapters/sqlstore"
	"github.com/sigsentry/hub/core/pipeline"
)

// suiteOptions are the settings queuetest expects.
var suiteOptions = sqlqueue.Options{
	LeaseTime:   queuetest.LeaseTime,
	MaxAttempts: queuetest.MaxAttempts,
	PollEvery:   50 * time.Millisecond,
}

// openSQLite opens the hub's SQLite file at path as the hub does, through
// sqlitestore, and closes it when the test ends.
func openSQLite(t testing.TB, path string) *sql.DB {
	t.Helper()
	key := make([]byte, secretbox.KeySize)
	rand.Read(key)
	box, err := secretbox.New(key)
	if err != nil {
		t.Fatal(err)
	}
	s, err := sqlitestore.Open(context.Background(), path, box)
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	t.Cleanup(func() { s.Close() })
	return s.DB()
}

// newQueue migrates and starts a queue over db; it stops with the test.
func newQueue(t testing.TB, db *sql.DB, d sqlstore.Dialect, opts sqlqueue.Options) *sqlqueue.Queue {
	t.Helper()
	q, err := sqlqueue.New(db, d, opts)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := q.Migrate(context.Background()); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	q.Start()
	t.Cleanup(func() { q.Close() })
	return q
}

// Each Open is a new connection pool over the same file: a restarted hub.
func TestSQLiteQueueSuite(t *testing.T) {
	queuetest.Run(t, func(t *testing.T) queuetest.Open {
		path := filepath.Join(t.TempDir(), "hub.db")
		return func(t *testing.T) pipeline.Queue {
			return newQueue(t, openSQLite(t, path), sqlstore.SQLite, suiteOptions)
		}
	})
}

func TestSQLiteEffectsSuite(t *testing.T) {
	queuetest.RunEffects(t, func(t *testing.T) pipeline.Effects {
		return newQueue(t, openSQLite(t, filepath.Join(t.TempDir(), "hub.db")), sqlstore.SQLite, suiteOptions)
	})
}

func TestMigrateIsANoOpTheSecondTime(t *testing.T) {
	db := openSQLite(t, filepath.Join(t.TempDir(), "hub.db"))
	q := newQueue(t, db, sqlstore.SQLite, suiteOptions)
	if n, err := q.Migrate(t.Context()); err != nil || n != 0 {
		t.Fatalf("second Migrate applied %d, err %v", n, err)
	}
	// The store's own schema history is untouched.
	var store, queue int
	db.QueryRow(`SELECT COUNT(*) FROM schema_migrations`).Scan(&store)
	db.QueryRow(`SELECT COUNT(*) FROM queue_migrations`).Scan(&queue)
	if store == 0 || queue != 1 {
		t.Errorf("schema_migrations %d rows, queue_migrations %d", store, queue)
	}
}

func TestSweepDeletesOnlyExpiredMarkers(t *testing.T) {
	ctx := t.Context()
	db := openSQLite(t, filepath.Join(t.TempDir(), "hub.db"))
	q := newQueue(t, db, sqlstore.SQLite, suiteOptions)
	job := pipeline.Job{Kind: pipeline.KindEvent, Payload: []byte("{}")}
	for key, ttl := range map[string]time.Duration{"old": time.Millisecond, "live": time.Hour} {
		if ok, err := q.EnqueueOnce(ctx, key, ttl, job); !ok || err != nil {
			t.Fatalf("enqueue %s: %v %v", key, ok, err)
		}
	}
	time.Sleep(5 * time.Millisecond) // let the 1ms marker expire
	if err := q.Sweep(ctx); err != nil {
		t.Fatal(err)
	}
	var keys []string
	rows, _ := db.QueryContext(ctx, `SELECT key FROM queue_dedupe`)
	for rows.Next() {
		var k string
		rows.Scan(&k)
		keys = append(keys, k)
	}
	rows.Close()
	if len(keys) != 1 || keys[0] != "live" {
		t.Fatalf("markers after the sweep: %v, want [live]", keys)
	}
}
