package wiring

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
	"go.uber.org/fx"

	"github.com/sigsentry/hub/adapters/redisqueue"
	"github.com/sigsentry/hub/adapters/sqlqueue"
	"github.com/sigsentry/hub/cmd/sigsentry/config"
	"github.com/sigsentry/hub/core/pipeline"
)

// Queue is the job queue and the record of desk side effects.
type Queue interface {
	pipeline.Queue
	pipeline.Effects
	Start()
	Close() error
}

// jobTimeout is how long a worker gives one job: two thirds of the lease
// time (queue.lease_time), which must outlast the longest job since a job
// still running when its lease ends is handed to another worker.
func jobTimeout(cfg *config.Config) time.Duration {
	return cfg.Queue.LeaseTime.Duration * 2 / 3
}

// redisMaxRetryBackoff is the longest wait between two tries of a Redis
// command, unless redis_url sets max_retry_backoff.
const redisMaxRetryBackoff = 50 * time.Millisecond

// NewQueue is Redis when redis_url is set (several hubs share the work),
// else the embedded queue in the store's own database.
func NewQueue(lc fx.Lifecycle, cfg *config.Config, store Store, log *slog.Logger) (Queue, error) {
	var q Queue
	if cfg.RedisURL != "" {
		opts, err := redis.ParseURL(cfg.RedisURL)
		if err != nil {
			return nil, fmt.Errorf("config: redis_url (SIGSENTRY_REDIS_URL): %w", err)
		}
		// go-redis retries a refused dial 5 times, 100 ms apart, within each
		// of its 4 tries of a command: while Redis was down, each webhook
		// took 1.7 s to be refused (a pipeline 3.3 s). A desk retries
		// refused webhooks itself, so refuse them quickly.
		opts.DialerRetries = 1
		if !strings.Contains(cfg.RedisURL, "max_retry_backoff") {
			opts.MaxRetryBackoff = redisMaxRetryBackoff
		}
		client := redis.NewClient(opts)
		rq, err := redisqueue.New(client, redisqueue.Options{LeaseTime: cfg.Queue.LeaseTime.Duration, Logger: log})
		if err != nil {
			return nil, err
		}
		lc.Append(fx.StopHook(client.Close))
		q = rq
		log.Info("queue: Redis", "addr", opts.Addr, "db", opts.DB)
	} else {
		sq, err := sqlqueue.New(store.DB(), store.Dialect(), sqlqueue.Options{LeaseTime: cfg.Queue.LeaseTime.Duration, Logger: log})
		if err != nil {
			return nil, err
		}
		if _, err := sq.Migrate(context.Background()); err != nil {
			return nil, fmt.Errorf("migrate the embedded queue: %w", err)
		}
		q = sq
		log.Info("queue: embedded", "database", store.Dialect().Name())
	}
	lc.Append(fx.Hook{
		OnStart: func(context.Context) error { q.Start(); return nil },
		OnStop:  func(context.Context) error { return q.Close() },
	})
	return q, nil
}

// consumerName identifies this process among the queue's workers.
func consumerName() string {
	host, _ := os.Hostname()
	return fmt.Sprintf("%s-%d", host, os.Getpid())
}
