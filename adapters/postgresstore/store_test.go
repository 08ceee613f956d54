package postgresstore_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sigsentry/hub/adapters/postgresstore"
	"github.com/sigsentry/hub/adapters/secretbox"
	"github.com/sigsentry/hub/adapters/storetest"
	"github.com/sigsentry/hub/core"
	"github.com/sigsentry/hub/core/binding"
	"github.com/sigsentry/hub/core/project"
)

const defaultURL = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"

// admin is the connection that creates and drops the test schemas.
var (
	admin    *sql.DB
	adminErr error
)

// baseURL is the test database: SIGSENTRY_TEST_DATABASE_URL or a local
// PostgreSQL with trust authentication.
func baseURL() string {
	if u := os.Getenv("SIGSENTRY_TEST_DATABASE_URL"); u != "" {
		return u
	}
	return defaultURL
}

// TestMain connects once. An unreachable server fails the package with one
// message saying how to start it, unless SIGSENTRY_TEST_SKIP_POSTGRES=1
// asks to skip the tests that need it.
func TestMain(m *testing.M) {
	admin, adminErr = sql.Open("pgx", baseURL())
	if adminErr == nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		adminErr = admin.PingContext(ctx)
		cancel()
	}
	if adminErr != nil && os.Getenv("SIGSENTRY_TEST_SKIP_POSTGRES") != "1" {
		fmt.Fprintln(os.Stderr, unreachable())
		os.Exit(1)
	}
	code := m.Run()
	admin.Close()
	os.Exit(code)
}

func unreachable() string {
	return "PostgreSQL is not reachable (" + adminErr.Error() + ").\n" +
		"Start the local server with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start\n" +
		"or point SIGSENTRY_TEST_DATABASE_URL at a server; set SIGSENTRY_TEST_SKIP_POSTGRES=1 to skip these tests."
}

func adminDB(t *testing.T) *sql.DB {
	t.Helper()
	if adminErr != nil {
		t.Skip(unreachable())
	}
	return admin
}

// freshSchema creates an empty schema dropped when the test ends, and
// returns a URL whose connections use it.
func freshSchema(t *testing.T) string {
	t.Helper()
	db := adminDB(t)
	var b [6]byte
	rand.Read(b[:])
	schema := "storetest_" + hex.EncodeToString(b[:])
	if _, err := db.ExecContext(t.Context(), `CREATE SCHEMA `+schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		if _, err := db.ExecContext(context.Background(), `DROP SCHEMA `+schema+` CASCADE`); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	return withSearchPath(t, baseURL(), schema)
}

func withSearchPath(t *testing.T, raw, schema string) string {
	if !strings.Contains(raw, "://") { // key=value form
		return raw + " search_path=" + schema
	}
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatalf("SIGSENTRY_TEST_DATABASE_URL does not parse: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

func newBox(t *testing.T) *secretbox.Box {
	key := make([]byte, secretbox.KeySize)
	rand.Read(key)
	box, err := secretbox.New(key)
	if err != nil {
		t.Fatal(err)
	}
	return box
}

func open(t *testing.T, dsn string) *postgresstore.Store {
	t.Helper()
	s, err := postgresstore.Open(t.Context(), dsn, newBox(t))
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	return s
}

func TestStoreSuite(t *testing.T) {
	storetest.Run(t, func(t *testing.T) storetest.Stores { return open(t, freshSchema(t)) })
}

// Hubs starting together on an empty database apply each migration once.
func TestConcurrentStartsMigrateOnce(t *testing.T) {
	dsn := freshSchema(t)
	const n = 6
	stores := make([]*postgresstore.Store, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { stores[i], errs[i] = postgresstore.Open(t.Context(), dsn, newBox(t)) })
	}
	wg.Wait()
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("start %d: %v", i, errs[i])
		}
		defer stores[i].Close()
	}
	var rows, version int
	db := stores[0].DB()
	db.QueryRowContext(t.Context(), `SELECT COUNT(*), MAX(version) FROM schema_migrations`).Scan(&rows, &version)
	if rows != version || rows == 0 {
		t.Errorf("schema_migrations holds %d rows for version %d", rows, version)
	}
	applied, err := stores[0].Migrate(t.Context())
	if err != nil || applied != 0 {
		t.Errorf("migrating again applied %d, err %v", applied, err)
	}
}

func TestSecretsAreSealedInTheDatabase(t *testing.T) {
	ctx := t.Context()
	s := open(t, freshSchema(t))
	defer s.Close()
	const token, password = "plaintext-access-token-4242", "hunter2-plaintext-password-4242"
	p := &project.Project{ID: core.NewID(core.PrefixProject), Name: "Shop", Slug: "shop", Services: []project.Service{}}
	src := &project.LogSource{ID: core.NewID(core.PrefixLogSource), ProjectID: p.ID, Name: "Loki", Type: "loki",
		Config: map[string]any{"url": "https://loki"}, Credentials: map[string]string{"password": password}}
	b := binding.NewPending(p.ID, "intercom", p.CreatedAt)
	b.Token = &binding.Token{AccessToken: token}
	for _, err := range []error{s.CreateProject(ctx, p), s.CreateLogSource(ctx, src), s.CreateBinding(ctx, b)} {
		if err != nil {
			t.Fatal(err)
		}
	}
	var sealedToken, sealedCreds []byte
	s.DB().QueryRowContext(ctx, `SELECT token_sealed FROM bindings WHERE id = $1`, b.ID).Scan(&sealedToken)
	s.DB().QueryRowContext(ctx, `SELECT credentials_sealed FROM log_sources WHERE id = $1`, src.ID).Scan(&sealedCreds)
	if len(sealedToken) == 0 || bytes.Contains(sealedToken, []byte(token)) {
		t.Errorf("token column holds %q", sealedToken)
	}
	if len(sealedCreds) == 0 || bytes.Contains(sealedCreds, []byte(password)) {
		t.Errorf("credentials column holds %q", sealedCreds)
	}
}

func TestOpenErrorsDoNotRevealThePassword(t *testing.T) {
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	for _, dsn := range []string{
		"postgres://hub:s3cret-pw@127.0.0.1:1/none?sslmode=disable&connect_timeout=2", // nobody listens
		"postgres://hub:s3cret-pw@127.0.0.1:notaport/none",                            // does not parse
	} {
		_, err := postgresstore.Open(ctx, dsn, newBox(t))
		if err == nil {
			t.Fatalf("opened %s", dsn)
		}
		if strings.Contains(err.Error(), "s3cret-pw") {
			t.Errorf("error reveals the password: %v", err)
		}
	}
}
