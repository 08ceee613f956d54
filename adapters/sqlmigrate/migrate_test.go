package sqlmigrate

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestLoadOrdersAndRefusesBadNames(t *testing.T) {
	ok := Set{FS: fstest.MapFS{
		"m/0002_b.sql": {Data: []byte("B")}, "m/0001_a.sql": {Data: []byte("A")}, "m/0010_c.sql": {Data: []byte("C")},
	}, Dir: "m"}
	ms, err := ok.Load()
	if err != nil || len(ms) != 3 || ms[0].Name != "0001_a" || ms[2].Version != 10 || ms[1].SQL != "B" {
		t.Fatalf("load: %v %+v", err, ms)
	}
	for name, files := range map[string]fstest.MapFS{
		"not named":      {"m/first.sql": {}},
		"not named sql":  {"m/0001_a.txt": {}},
		"have version 1": {"m/0001_a.sql": {}, "m/01_b.sql": {}},
	} {
		if _, err := (Set{FS: files, Dir: "m"}).Load(); err == nil || !strings.Contains(err.Error(), strings.TrimSuffix(name, " sql")) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestNumberedPlaceholders(t *testing.T) {
	s := Set{Numbered: true}
	if got := s.q(`INSERT INTO t (a, b) VALUES (?, ?)`); got != `INSERT INTO t (a, b) VALUES ($1, $2)` {
		t.Errorf("numbered: %s", got)
	}
	if got := (Set{}).q(`SELECT ?`); got != `SELECT ?` {
		t.Errorf("sqlite: %s", got)
	}
}
