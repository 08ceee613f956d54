package sqlqueue_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver

	"github.com/sigsentry/hub/adapters/queuetest"
	"github.com/sigsentry/hub/adapters/sqlstore"
	"github.com/sigsentry/hub/core/pipeline"
)

const defaultPostgresURL = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"

// postgresURL is the test database: SIGSENTRY_TEST_DATABASE_URL or a local
// PostgreSQL with trust authentication, as adapters/postgresstore uses.
func postgresURL() string {
	if u := os.Getenv("SIGSENTRY_TEST_DATABASE_URL"); u != "" {
		return u
	}
	return defaultPostgresURL
}

var (
	adminOnce sync.Once
	admin     *sql.DB
	adminErr  error
)

// adminDB connects once for creating and dropping schemas. An unreachable
// server fails the test with the way to start it, unless
// SIGSENTRY_TEST_SKIP_POSTGRES=1 asks to skip.
func adminDB(t testing.TB) *sql.DB {
	t.Helper()
	adminOnce.Do(func() {
		admin, adminErr = sql.Open("pgx", postgresURL())
		if adminErr == nil {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			adminErr = admin.PingContext(ctx)
			cancel()
		}
	})
	if adminErr != nil {
		msg := "PostgreSQL is not reachable (" + adminErr.Error() + ").\n" +
			"Start the local server with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start\n" +
			"or point SIGSENTRY_TEST_DATABASE_URL at a server; set SIGSENTRY_TEST_SKIP_POSTGRES=1 to skip these tests."
		if os.Getenv("SIGSENTRY_TEST_SKIP_POSTGRES") == "1" {
			t.Skip(msg)
		}
		t.Fatal(msg)
	}
	return admin
}

// freshSchema creates an empty schema dropped when the test ends, and
// returns a URL whose connections use it.
func freshSchema(t testing.TB) string {
	t.Helper()
	db := adminDB(t)
	var b [6]byte
	rand.Read(b[:])
	schema := "queuetest_" + hex.EncodeToString(b[:])
	if _, err := db.Exec(`CREATE SCHEMA ` + schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		if _, err := db.Exec(`DROP SCHEMA ` + schema + ` CASCADE`); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	raw := postgresURL()
	if !strings.Contains(raw, "://") { // key=value form
		return raw + " search_path=" + schema
	}
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatalf("SIGSENTRY_TEST_DATABASE_URL: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// openPostgres opens a pool on dsn that closes with the test.
func openPostgres(t testing.TB, dsn string) *sql.DB {
	t.Helper()
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(10)
	t.Cleanup(func() { db.Close() })
	return db
}

func TestPostgresQueueSuite(t *testing.T) {
	adminDB(t)
	queuetest.Run(t, func(t *testing.T) queuetest.Open {
		dsn := freshSchema(t)
		return func(t *testing.T) pipeline.Queue {
			return newQueue(t, openPostgres(t, dsn), sqlstore.Postgres, suiteOptions)
		}
	})
}

func TestPostgresEffectsSuite(t *testing.T) {
	adminDB(t)
	queuetest.RunEffects(t, func(t *testing.T) pipeline.Effects {
		return newQueue(t, openPostgres(t, freshSchema(t)), sqlstore.Postgres, suiteOptions)
	})
}

// Hubs starting together on an empty schema create the tables once.
func TestPostgresConcurrentMigrations(t *testing.T) {
	dsn := freshSchema(t)
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() { newQueue(t, openPostgres(t, dsn), sqlstore.Postgres, suiteOptions) })
	}
	wg.Wait()
	var n int
	openPostgres(t, dsn).QueryRow(`SELECT COUNT(*) FROM queue_migrations`).Scan(&n)
	if n != 1 {
		t.Fatalf("queue_migrations holds %d rows", n)
	}
}
