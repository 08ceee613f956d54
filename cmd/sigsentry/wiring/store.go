package wiring

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"path/filepath"

	"go.uber.org/fx"

	"github.com/sigsentry/hub/adapters/postgresstore"
	"github.com/sigsentry/hub/adapters/secretbox"
	"github.com/sigsentry/hub/adapters/sqlitestore"
	"github.com/sigsentry/hub/adapters/sqlstore"
	"github.com/sigsentry/hub/cmd/sigsentry/config"
	"github.com/sigsentry/hub/core/analysis"
	"github.com/sigsentry/hub/core/binding"
	"github.com/sigsentry/hub/core/project"
	"github.com/sigsentry/hub/core/triage"
)

// Store is every store port plus what the hub needs to run it.
type Store interface {
	project.Store
	binding.Store
	triage.Store
	analysis.Store
	Ping(ctx context.Context) error
	Close() error
	// DB and Dialect let the embedded queue share the store's database.
	DB() *sql.DB
	Dialect() sqlstore.Dialect
}

// NewSecretBox builds the sealer of secrets at rest from the configured key,
// or from the key file in the data directory (generated on first start).
func NewSecretBox(cfg *config.Config, log *slog.Logger) (*secretbox.Box, error) {
	var key []byte
	if cfg.EncryptionKey != "" {
		k, err := secretbox.ParseKey(cfg.EncryptionKey)
		if err != nil {
			return nil, fmt.Errorf("config: encryption_key (SIGSENTRY_ENCRYPTION_KEY): %w", err)
		}
		key = k
	} else {
		k, created, err := secretbox.LoadOrCreateKey(cfg.DataDir)
		if err != nil {
			return nil, fmt.Errorf("encryption key in %s: %w", cfg.DataDir, err)
		}
		key = k
		if created {
			log.Info("generated the encryption key for secrets at rest; back it up with the data directory",
				"path", filepath.Join(cfg.DataDir, "encryption.key"))
			if cfg.DatabaseURL != "" {
				log.Warn("hubs sharing this PostgreSQL must share the key: set SIGSENTRY_ENCRYPTION_KEY on all of them")
			}
		}
	}
	return secretbox.New(key)
}

// NewStore opens PostgreSQL when database_url is set, else SQLite in the
// data directory, and closes it when the app stops.
func NewStore(lc fx.Lifecycle, cfg *config.Config, box *secretbox.Box, log *slog.Logger) (Store, error) {
	ctx := context.Background()
	var (
		s   Store
		err error
	)
	if cfg.DatabaseURL != "" {
		s, err = postgresstore.Open(ctx, cfg.DatabaseURL, box)
		if err != nil {
			// The URL may hold a password: name the setting, not its value.
			return nil, fmt.Errorf("open PostgreSQL from SIGSENTRY_DATABASE_URL: %w", err)
		}
		log.Info("store: PostgreSQL")
	} else {
		path := filepath.Join(cfg.DataDir, "sigsentry.db")
		s, err = sqlitestore.Open(ctx, path, box)
		if err != nil {
			return nil, fmt.Errorf("open SQLite at %s: %w", path, err)
		}
		log.Info("store: SQLite", "path", path)
	}
	lc.Append(fx.StopHook(s.Close))
	return s, nil
}

func projectStore(s Store) project.Store   { return s }
func bindingStore(s Store) binding.Store   { return s }
func triageStore(s Store) triage.Store     { return s }
func analysisStore(s Store) analysis.Store { return s }
