package sqlitestore_test

import (
	"bytes"
	"crypto/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sigsentry/hub/adapters/secretbox"
	"github.com/sigsentry/hub/adapters/sqlitestore"
	"github.com/sigsentry/hub/adapters/storetest"
	"github.com/sigsentry/hub/core"
	"github.com/sigsentry/hub/core/binding"
	"github.com/sigsentry/hub/core/project"
)

func newBox(t *testing.T) *secretbox.Box {
	t.Helper()
	key := make([]byte, secretbox.KeySize)
	rand.Read(key)
	box, err := secretbox.New(key)
	if err != nil {
		t.Fatal(err)
	}
	return box
}

func open(t *testing.T, path string, box *secretbox.Box) *sqlitestore.Store {
	t.Helper()
	s, err := sqlitestore.Open(t.Context(), path, box)
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	return s
}

func TestStoreSuite(t *testing.T) {
	storetest.Run(t, func(t *testing.T) storetest.Stores {
		return open(t, filepath.Join(t.TempDir(), "hub.db"), newBox(t))
	})
}

func TestDataSurvivesReopening(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "nested", "dir", "hub.db") // Open creates the directories
	box := newBox(t)
	s := open(t, path, box)
	p := &project.Project{ID: core.NewID(core.PrefixProject), Name: "Shop", Slug: "shop", Services: []project.Service{}}
	if err := s.CreateProject(ctx, p); err != nil {
		t.Fatal(err)
	}
	b := binding.NewPending(p.ID, "intercom", p.CreatedAt)
	b.Status, b.WorkspaceID, b.Token = binding.StatusActive, "w1", &binding.Token{AccessToken: "tok"}
	if err := s.CreateBinding(ctx, b); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	s = open(t, path, box)
	defer s.Close()
	got, err := s.GetBinding(ctx, b.ID)
	if err != nil {
		t.Fatalf("binding lost on reopen: %v", err)
	}
	if got.Token == nil || got.Token.AccessToken != "tok" {
		t.Errorf("token after reopen: %+v", got.Token)
	}
	if _, err := s.GetProject(ctx, p.ID); err != nil {
		t.Errorf("project lost on reopen: %v", err)
	}
}

func TestMigrationsAreANoOpOnReopen(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "hub.db")
	s := open(t, path, newBox(t))
	version, err := s.SchemaVersion(ctx)
	if err != nil || version < 1 {
		t.Fatalf("schema version %d, %v", version, err)
	}
	var rows int
	s.DB().QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations`).Scan(&rows)
	s.Close()

	s = open(t, path, newBox(t))
	defer s.Close()
	applied, err := s.Migrate(ctx)
	if err != nil || applied != 0 {
		t.Fatalf("migrating a current schema applied %d migrations, err %v", applied, err)
	}
	var again int
	s.DB().QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations`).Scan(&again)
	if again != rows || rows != version {
		t.Errorf("schema_migrations holds %d rows after reopening, %d before, version %d", again, rows, version)
	}
}

func TestRefusesASchemaFromTheFuture(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "hub.db")
	s := open(t, path, newBox(t))
	if _, err := s.DB().ExecContext(ctx, `INSERT INTO schema_migrations VALUES (9999, '9999_future', 0)`); err != nil {
		t.Fatal(err)
	}
	s.Close()
	_, err := sqlitestore.Open(ctx, path, newBox(t))
	if err == nil || !strings.Contains(err.Error(), "newer hub") {
		t.Fatalf("open of a newer schema: %v, want a refusal", err)
	}
}

// The secrets are sealed before they reach the file: neither the columns nor
// the raw bytes of the database (WAL included) contain them.
func TestSecretsNeverReachTheFileInPlaintext(t *testing.T) {
	ctx := t.Context()
	dir := t.TempDir()
	path := filepath.Join(dir, "hub.db")
	s := open(t, path, newBox(t))
	const token, password = "xoxp-plaintext-access-token-4242", "hunter2-plaintext-password-4242"

	p := &project.Project{ID: core.NewID(core.PrefixProject), Name: "Shop", Slug: "shop", Services: []project.Service{}}
	src := &project.LogSource{ID: core.NewID(core.PrefixLogSource), ProjectID: p.ID, Name: "Loki", Type: "loki",
		Config: map[string]any{"url": "https://loki"}, Credentials: map[string]string{"password": password}, Active: true}
	b := binding.NewPending(p.ID, "intercom", p.CreatedAt)
	b.Status, b.WorkspaceID, b.Token = binding.StatusActive, "w1", &binding.Token{AccessToken: token, RefreshToken: token + "-r"}
	for _, err := range []error{s.CreateProject(ctx, p), s.CreateLogSource(ctx, src), s.CreateBinding(ctx, b)} {
		if err != nil {
			t.Fatal(err)
		}
	}

	var sealedToken, sealedCreds []byte
	if err := s.DB().QueryRowContext(ctx, `SELECT token_sealed FROM bindings WHERE id = ?`, b.ID).Scan(&sealedToken); err != nil {
		t.Fatal(err)
	}
	if err := s.DB().QueryRowContext(ctx, `SELECT credentials_sealed FROM log_sources WHERE id = ?`, src.ID).Scan(&sealedCreds); err != nil {
		t.Fatal(err)
	}
	if len(sealedToken) == 0 || bytes.Contains(sealedToken, []byte(token)) {
		t.Errorf("token column holds %q", sealedToken)
	}
	if len(sealedCreds) == 0 || bytes.Contains(sealedCreds, []byte(password)) {
		t.Errorf("credentials column holds %q", sealedCreds)
	}
	// Read what is on disk, WAL included, before and after a checkpoint.
	scan := func(when string) {
		files, _ := filepath.Glob(path + "*")
		if len(files) == 0 {
			t.Fatalf("no database files in %s", dir)
		}
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, secret := range []string{token, password, "hunter2"} {
				if bytes.Contains(data, []byte(secret)) {
					t.Errorf("%s: %s contains the secret %q", when, filepath.Base(f), secret)
				}
			}
		}
	}
	scan("in WAL")
	if _, err := s.DB().ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		t.Fatal(err)
	}
	scan("after checkpoint")
	if !bytes.Contains(mustRead(t, path), []byte("https://loki")) {
		t.Errorf("the non-secret config is not in the file either: the scan would prove nothing")
	}
	s.Close()
}

func mustRead(t *testing.T, path string) []byte {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// A sealed value copied to another row does not open: the store refuses it
// instead of handing one binding's token to another.
func TestCopiedCiphertextDoesNotOpen(t *testing.T) {
	ctx := t.Context()
	s := open(t, filepath.Join(t.TempDir(), "hub.db"), newBox(t))
	defer s.Close()
	p := &project.Project{ID: core.NewID(core.PrefixProject), Name: "Shop", Slug: "shop", Services: []project.Service{}}
	s.CreateProject(ctx, p)
	a := binding.NewPending(p.ID, "intercom", p.CreatedAt)
	a.Token = &binding.Token{AccessToken: "token-a"}
	victim := binding.NewPending(p.ID, "intercom", p.CreatedAt)
	for _, b := range []*binding.Binding{a, victim} {
		if err := s.CreateBinding(ctx, b); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.DB().ExecContext(ctx, `UPDATE bindings SET token_sealed =
		(SELECT token_sealed FROM bindings WHERE id = ?) WHERE id = ?`, a.ID, victim.ID); err != nil {
		t.Fatal(err)
	}
	if got, err := s.GetBinding(ctx, victim.ID); err == nil {
		t.Fatalf("copied token opened for another binding: %+v", got.Token)
	}
}

func TestPathsWithURICharacters(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a dir#1")
	path := filepath.Join(dir, "hub?x=1%20.db")
	s := open(t, path, newBox(t))
	if err := s.Ping(t.Context()); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("database not created at the literal path: %v", err)
	}
}
