package sqlstore

import (
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/sigsentry/hub/core"
)

// onWrite says how the constraint violations of one write read to a person.
type onWrite struct {
	// kind and id name the row written: a unique violation no rule matches
	// is its primary key ("project "prj_…" already exists").
	kind, id string
	// unique maps a word of a unique constraint's details (PostgreSQL names
	// the constraint, SQLite lists its table.columns) to the error to return.
	unique []uniqueRule
	// missing is returned when a foreign key points at no row.
	missing func() error
}

type uniqueRule struct {
	match string
	err   func() error
}

// domainError turns a constraint violation into the domain error described
// by w. It returns nil when err is not a violation; the caller then wraps
// err with its own context.
func (s *Store) domainError(err error, w onWrite) error {
	kind, detail := s.d.violation(err)
	switch kind {
	case uniqueViolation:
		for _, r := range w.unique {
			if strings.Contains(detail, r.match) {
				return r.err()
			}
		}
		return core.Conflict("%s %q already exists", w.kind, w.id)
	case foreignKeyViolation:
		if w.missing != nil {
			return w.missing()
		}
	}
	return nil
}

// noRows maps sql.ErrNoRows to the domain's not-found error and returns
// any other error unchanged.
func noRows(err error, kind, id string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return core.NotFound(kind, id)
	}
	return err
}

// wrap adds what was being done to an unexpected error. Domain errors pass
// unchanged: their message is for the person who made the request. A full
// or read-only disk becomes a StorageFault, which the core reads as
// unavailable (retry later) rather than internal.
func wrap(err error, format string, args ...any) error {
	var e *core.Error
	if err == nil || errors.As(err, &e) {
		return err
	}
	if f := Fault(err); f != nil {
		err = f
	}
	return fmt.Errorf(format+": %w", append(args, err)...)
}

// Causes of a StorageFault.
const (
	FaultDiskFull = "disk full"
	FaultReadOnly = "read-only"
	FaultIO       = "I/O error"
)

// StorageFault is a statement the database could not run because of the
// disk under it: full, read-only, or failing. Nothing is wrong with the
// request, and the same request succeeds once the operator frees space or
// makes the disk writable again, so it reads as unavailable in the core's
// terms: the HTTP API answers 503 and a desk retries its webhook later.
type StorageFault struct {
	// Cause is FaultDiskFull, FaultReadOnly or FaultIO.
	Cause string
	// Code is the database's name for it: SQLITE_FULL, SQLITE_READONLY,
	// SQLITE_IOERR_WRITE, SQLSTATE 53100 ….
	Code string
	Err  error
}

func (f *StorageFault) Error() string {
	return fmt.Sprintf("storage %s (%s): %v", f.Cause, f.Code, f.Err)
}

// Unwrap returns the driver's error and the core's unavailable error, whose
// message (without paths or SQL) is what a client is shown.
func (f *StorageFault) Unwrap() []error {
	return []error{f.Err, &core.Error{Code: core.ErrUnavailable,
		Message: "the hub cannot write its data: " + f.Cause}}
}

// Advice is what the operator must do, for a database at where (a file or
// "the database server") whose files are in dir ("" when unknown).
func (f *StorageFault) Advice(where, dir string) string {
	if dir == "" {
		dir = where
	}
	switch f.Cause {
	case FaultDiskFull:
		return "free space on " + dir
	case FaultReadOnly:
		return dir + " is read-only: make it writable (a file system the kernel remounted read-only " +
			"after an I/O error needs a check and a remount; see dmesg)"
	}
	return "the disk under " + dir + " fails: check the kernel log (dmesg)"
}

// Fault returns the StorageFault err is or wraps, classifying the drivers'
// own errors (modernc.org/sqlite result codes, PostgreSQL SQLSTATEs) without
// importing the drivers. It returns nil for any other error.
func Fault(err error) *StorageFault {
	if err == nil {
		return nil
	}
	var f *StorageFault
	if errors.As(err, &f) {
		return f
	}
	var lite interface{ Code() int }
	if errors.As(err, &lite) {
		code := lite.Code()
		switch code & 0xff { // the primary result code of an extended one
		case 13:
			return &StorageFault{Cause: FaultDiskFull, Code: "SQLITE_FULL", Err: err}
		case 8:
			return &StorageFault{Cause: FaultReadOnly, Code: sqliteCodeName("SQLITE_READONLY", code), Err: err}
		case 10:
			if code == 3082 { // SQLITE_IOERR_NOMEM: memory, not the disk
				return nil
			}
			// EROFS on an open file is an I/O error to SQLite (and ENOSPC
			// while writing some files); the caller may look at the disk.
			return &StorageFault{Cause: FaultIO, Code: sqliteCodeName("SQLITE_IOERR", code), Err: err}
		}
		return nil
	}
	var pg interface{ SQLState() string }
	if errors.As(err, &pg) {
		switch pg.SQLState() {
		case "53100": // disk_full
			return &StorageFault{Cause: FaultDiskFull, Code: "SQLSTATE 53100", Err: err}
		case "58030": // io_error
			return &StorageFault{Cause: FaultIO, Code: "SQLSTATE 58030", Err: err}
		}
	}
	return nil
}

// sqliteCodeName names the extended result codes a failing disk produces.
func sqliteCodeName(primary string, code int) string {
	switch code {
	case 778:
		return "SQLITE_IOERR_WRITE"
	case 1034:
		return "SQLITE_IOERR_FSYNC"
	case 1546:
		return "SQLITE_IOERR_TRUNCATE"
	case 4874:
		return "SQLITE_IOERR_SHMSIZE"
	case 1032:
		return "SQLITE_READONLY_DBMOVED"
	}
	if code>>8 == 0 {
		return primary
	}
	return fmt.Sprintf("%s, extended code %d", primary, code)
}
