package httpapi_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLogSourceConnectionTest(t *testing.T) {
	h := newHub(t)
	pid := h.createProject("shop")
	dir := t.TempDir()
	log := `{"time":"2026-03-10T14:00:00Z","level":"error","service":"checkout","msg":"payment failed"}` + "\n"
	if err := os.WriteFile(filepath.Join(dir, "app.jsonl"), []byte(log), 0o644); err != nil {
		t.Fatal(err)
	}
	r := h.do("POST", "/api/v1/projects/"+pid+"/log-sources", map[string]any{"name": "app", "type": "file",
		"config": map[string]any{"path": filepath.Join(dir, "*.jsonl"), "format": "json"}})
	if r.status != 201 {
		t.Fatalf("create: %d %s", r.status, r.raw)
	}
	id := r.json["id"].(string)
	r = h.do("POST", "/api/v1/projects/"+pid+"/log-sources/"+id+"/test", nil)
	if r.status != 200 || r.json["ok"] != true || !strings.Contains(r.raw, "payment failed") {
		t.Fatalf("test of a readable source: %d %s", r.status, r.raw)
	}

	r = h.do("POST", "/api/v1/projects/"+pid+"/log-sources", map[string]any{"name": "gone", "type": "file",
		"config": map[string]any{"path": "/nonexistent/dir/*.log", "format": "text"}})
	gone := r.json["id"].(string)
	r = h.do("POST", "/api/v1/projects/"+pid+"/log-sources/"+gone+"/test", nil)
	if r.status != 200 || r.json["ok"] != false || !strings.Contains(r.raw, "/nonexistent/dir") {
		t.Errorf("test of a missing file: %d %s", r.status, r.raw)
	}
	if r := h.do("POST", "/api/v1/projects/"+pid+"/log-sources/lsrc_missing/test", nil); r.status != 404 {
		t.Errorf("unknown source: %d", r.status)
	}
}
