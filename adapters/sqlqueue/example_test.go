package sqlqueue_test

import (
	"context"
	"crypto/rand"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/sigsentry/hub/adapters/secretbox"
	"github.com/sigsentry/hub/adapters/sqlitestore"
	"github.com/sigsentry/hub/adapters/sqlqueue"
	"github.com/sigsentry/hub/core/pipeline"
)

// The embedded queue shares the SQLite file of the store: open the store,
// hand its database to the queue, migrate, start the sweeper.
func Example() {
	ctx := context.Background()
	dir, _ := os.MkdirTemp("", "sigsentry")
	defer os.RemoveAll(dir)
	key := make([]byte, secretbox.KeySize)
	rand.Read(key)
	box, _ := secretbox.New(key)
	store, err := sqlitestore.Open(ctx, filepath.Join(dir, "hub.db"), box)
	if err != nil {
		panic(err)
	}
	defer store.Close()

	q, err := sqlqueue.New(store.DB(), store.Dialect(), sqlqueue.Options{LeaseTime: 3 * time.Minute})
	if err != nil {
		panic(err)
	}
	if _, err := q.Migrate(ctx); err != nil {
		panic(err)
	}
	q.Start()       // sweeps expired dedupe markers and old effects
	defer q.Close() // before the store closes the database

	job := pipeline.Job{Kind: pipeline.KindEvent, Payload: []byte(`{"conversation":"c1"}`)}
	queued, _ := q.EnqueueOnce(ctx, "intercom:delivery-1", 48*time.Hour, job)
	again, _ := q.EnqueueOnce(ctx, "intercom:delivery-1", 48*time.Hour, job)
	fmt.Println("queued:", queued, "duplicate queued:", again)

	l, _ := q.Lease(ctx, "worker-1", time.Second)
	fmt.Println("leased:", l.Job.Kind, "attempt", l.Job.Attempt, string(l.Job.Payload))
	fmt.Println("ack:", q.Ack(ctx, l))
	// Output:
	// queued: true duplicate queued: false
	// leased: event attempt 1 {"conversation":"c1"}
	// ack: <nil>
}
