package sqlstore

import (
	"reflect"
	"strings"
	"testing"
)

func TestRebind(t *testing.T) {
	q := `SELECT a FROM t WHERE b = ? AND c IN (?, ?) LIMIT ?`
	if got := SQLite.rebind(q); got != q {
		t.Errorf("sqlite rebind changed the query: %s", got)
	}
	want := `SELECT a FROM t WHERE b = $1 AND c IN ($2, $3) LIMIT $4`
	if got := Postgres.rebind(q); got != want {
		t.Errorf("postgres rebind = %s, want %s", got, want)
	}
}

// Both dialects must walk through the same versions with the same names,
// so that a hub moved from SQLite to PostgreSQL reports the same schema.
func TestDialectsShareMigrationVersions(t *testing.T) {
	names := func(d Dialect) []string {
		ms, err := d.Migrations()
		if err != nil {
			t.Fatalf("%s: %v", d.Name(), err)
		}
		if len(ms) == 0 {
			t.Fatalf("%s has no migrations", d.Name())
		}
		var out []string
		for i, m := range ms {
			if m.Version != i+1 {
				t.Errorf("%s migration %s has version %d, want %d", d.Name(), m.Name, m.Version, i+1)
			}
			if strings.TrimSpace(m.SQL) == "" {
				t.Errorf("%s migration %s is empty", d.Name(), m.Name)
			}
			out = append(out, m.Name)
		}
		return out
	}
	if a, b := names(SQLite), names(Postgres); !reflect.DeepEqual(a, b) {
		t.Errorf("sqlite migrations %v, postgres %v", a, b)
	}
}
