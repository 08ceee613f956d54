package sqlqueue

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/sigsentry/hub/adapters/sqlstore"
)

// A full or read-only disk under the queue's database refuses every write
// until an operator acts. The queue then keeps the jobs it holds (they are
// committed), refuses new ones with an error the core reads as unavailable
// (a webhook is answered 503 and the desk retries it), stops handing out
// jobs it could not record the lease of, and says so in the log once rather
// than once per refused write.
const (
	// faultProbeEvery is how often, while the disk refuses writes, the
	// workers try a lease and readiness probes write: the rest wait.
	faultProbeEvery = time.Second
	// faultQuiet is how long writes must go without a refusal before the
	// disk counts as healthy again (a full disk can take a write that fits
	// in space SQLite already holds, then refuse the next).
	faultQuiet = 2 * time.Second
	// faultLogEvery is how often a lasting fault is logged again.
	faultLogEvery = time.Minute
	// probeKey is the dedupe marker a readiness probe writes: it expires at
	// once and the sweeper deletes it.
	probeKey = "sigsentry:write-probe"
)

// diskError is a storage fault with the place it happened and what to do.
type diskError struct {
	where, advice string
	file          string // the SQLite file; "" for PostgreSQL
	fault         *sqlstore.StorageFault
}

func (e *diskError) Error() string {
	return fmt.Sprintf("%s: %s (%s): %s", e.where, e.fault.Cause, e.fault.Code, e.advice)
}

func (e *diskError) Unwrap() error { return e.fault }

// faultWatch tracks whether the disk refuses writes. Its methods are cheap
// while it does not: one atomic load.
type faultWatch struct {
	db      *sql.DB
	sqlite  bool
	log     *slog.Logger
	faulted atomic.Bool

	mu        sync.Mutex
	file      string // the SQLite file, once known
	current   *diskError
	since     time.Time // when the current fault began
	lastFault time.Time // the last refused write
	triedAt   time.Time // the last write tried while faulted
	loggedAt  time.Time
	refused   int // refused writes since the last log line
	total     int // refused writes in the current fault
}

// observe returns err unchanged unless it is a storage fault; then it
// records the fault, logs it (rate-limited) and returns it as a diskError
// that names the file and what to do.
func (w *faultWatch) observe(ctx context.Context, err error) error {
	if errors.As(err, new(*diskError)) {
		return err // observed already, lower down
	}
	f := sqlstore.Fault(err)
	if f == nil {
		return err
	}
	where, file, dir := w.location(ctx)
	if f.Cause == sqlstore.FaultIO && file != "" {
		if prev, _ := w.err().(*diskError); prev != nil && prev.fault.Code == f.Code {
			f = &sqlstore.StorageFault{Cause: prev.fault.Cause, Code: f.Code, Err: f.Err} // asked already
		} else {
			f = refine(f, dir)
		}
	}
	de := &diskError{where: where, advice: f.Advice(where, dir), file: file, fault: f}
	now := time.Now()
	w.mu.Lock()
	first := w.current == nil
	changed := !first && w.current.fault.Cause != f.Cause
	if first {
		w.since, w.total = now, 0
	}
	w.current, w.lastFault, w.triedAt = de, now, now
	w.refused++
	w.total++
	logIt := first || changed || now.Sub(w.loggedAt) >= faultLogEvery
	refused, since := w.refused, w.since
	if logIt {
		w.refused, w.loggedAt = 0, now
	}
	w.faulted.Store(true)
	w.mu.Unlock()
	if logIt {
		w.log.LogAttrs(ctx, slog.LevelError, de.Error()+"; new jobs are refused and queued jobs wait until then",
			slog.String("path", file), slog.String("cause", f.Cause), slog.String("code", f.Code),
			slog.Int("refused_writes", refused), slog.Time("since", since), slog.String("error", err.Error()))
	}
	return de
}

// ok records a write that went through. After faultQuiet without a refusal
// the fault is over, and that is logged too.
func (w *faultWatch) ok(ctx context.Context) {
	if !w.faulted.Load() {
		return
	}
	now := time.Now()
	w.mu.Lock()
	if w.current == nil || now.Sub(w.lastFault) < faultQuiet {
		w.mu.Unlock()
		return
	}
	de, since, total := w.current, w.since, w.total
	w.current = nil
	w.faulted.Store(false)
	w.mu.Unlock()
	w.log.LogAttrs(ctx, slog.LevelInfo, de.where+" is writable again; queued jobs resume",
		slog.String("path", de.file), slog.Duration("after", now.Sub(since)), slog.Int("refused_writes", total))
}

// mayWrite says whether a worker should try a write now. While the disk
// refuses writes one try per faultProbeEvery is enough; the others learn
// when to look again.
func (w *faultWatch) mayWrite(now time.Time) (bool, time.Time) {
	if !w.faulted.Load() {
		return true, time.Time{}
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.current == nil {
		return true, time.Time{}
	}
	if next := w.triedAt.Add(faultProbeEvery); now.Before(next) {
		return false, next
	}
	w.triedAt = now
	return true, time.Time{}
}

// err is the current fault, or nil.
func (w *faultWatch) err() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.current == nil {
		return nil
	}
	return w.current
}

// suspect reports whether a write should be tried to know if the disk is
// healthy: it refused the last one, or the file system says it is full or
// read-only (cheap to ask; nothing may have been written since it filled).
func (w *faultWatch) suspect(ctx context.Context) bool {
	if w.faulted.Load() {
		return true
	}
	_, file, dir := w.location(ctx)
	return file != "" && diskLooksBad(dir)
}

// location names the database for people, and for SQLite its file and
// the directory holding it.
func (w *faultWatch) location(ctx context.Context) (where, file, dir string) {
	if !w.sqlite {
		return "database", "", "the database server"
	}
	w.mu.Lock()
	file = w.file
	w.mu.Unlock()
	if file == "" {
		// PRAGMA database_list reads: it answers on a full disk too.
		var seq int
		var name string
		if err := w.db.QueryRowContext(ctx, `SELECT seq, name, file FROM pragma_database_list WHERE name = 'main'`).
			Scan(&seq, &name, &file); err != nil || file == "" {
			return "embedded store", "", "its data directory"
		}
		w.mu.Lock()
		w.file = file
		w.mu.Unlock()
	}
	return "embedded store " + file, file, filepath.Dir(file)
}

// refine asks the file system what SQLite reports as an I/O error: a file
// system the kernel made read-only (EROFS on an open file) or a full one.
func refine(f *sqlstore.StorageFault, dir string) *sqlstore.StorageFault {
	probe, err := os.CreateTemp(dir, ".sigsentry-probe-*")
	if err == nil {
		probe.Close()
		os.Remove(probe.Name())
		return f
	}
	switch {
	case errors.Is(err, syscall.EROFS):
		return &sqlstore.StorageFault{Cause: sqlstore.FaultReadOnly, Code: f.Code, Err: f.Err}
	case errors.Is(err, syscall.ENOSPC):
		return &sqlstore.StorageFault{Cause: sqlstore.FaultDiskFull, Code: f.Code, Err: f.Err}
	}
	return f
}
