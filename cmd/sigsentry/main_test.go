package main

import (
	"bufio"
	"bytes"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	mathrand "math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
)

var binPath string

// TestMain builds the real binary once: these tests drive the hub as an
// operator would, as a process on a real port.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "sigsentry-bin")
	if err != nil {
		panic(err)
	}
	binPath = filepath.Join(dir, "sigsentry")
	out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
	if err != nil {
		fmt.Fprintf(os.Stderr, "build: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

type hub struct {
	t      *testing.T
	cmd    *exec.Cmd
	base   string
	stdout *syncBuffer
	stderr *syncBuffer
}

// syncBuffer lets the test read what the child process is still writing.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// freeAddr returns a loopback address that a process started later can
// listen on. The port comes from below the kernel's ephemeral range
// (32768–60999 by default): a port the kernel hands out for :0 is also
// handed out as the source port of outgoing connections, and under the
// benchmarks' thousands of connections one took the hub's port between
// this check and the hub's start.
func freeAddr(tb testing.TB) string {
	tb.Helper()
	for range 200 {
		addr := fmt.Sprintf("127.0.0.1:%d", 20000+mathrand.IntN(12000))
		if l, err := net.Listen("tcp", addr); err == nil {
			l.Close()
			return addr
		}
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

func startHub(t *testing.T, dataDir string, extraEnv ...string) *hub {
	t.Helper()
	return startHubAt(t, freeAddr(t), dataDir, extraEnv...)
}

func startHubAt(t *testing.T, addr, dataDir string, extraEnv ...string) *hub {
	t.Helper()
	cmd := exec.Command(binPath, "serve", "--config", "../../configs/sigsentry.yaml")
	cmd.Env = append([]string{
		"PATH=" + os.Getenv("PATH"), "SIGSENTRY_ADDR=" + addr, "SIGSENTRY_DATA_DIR=" + dataDir,
		"SIGSENTRY_PLUGINS_DIR=" + t.TempDir(), "SIGSENTRY_LOG_FORMAT=json",
	}, extraEnv...)
	h := &hub{t: t, cmd: cmd, base: "http://" + addr, stdout: &syncBuffer{}, stderr: &syncBuffer{}}
	cmd.Stdout, cmd.Stderr = h.stdout, h.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _, _ = cmd.Process.Wait() })
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if resp, err := http.Get(h.base + "/healthz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return h
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("hub did not become healthy\nstdout: %s\nstderr: %s", h.stdout, h.stderr)
	return nil
}

func (h *hub) stop() {
	h.t.Helper()
	if err := h.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		h.t.Fatal(err)
	}
	if err := h.cmd.Wait(); err != nil {
		h.t.Fatalf("hub did not exit cleanly on SIGTERM: %v\nstderr: %s", err, h.stderr)
	}
}

func (h *hub) do(method, path, token, body string) (int, map[string]any) {
	h.t.Helper()
	req, _ := http.NewRequest(method, h.base+path, strings.NewReader(body))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var out map[string]any
	_ = json.Unmarshal(raw, &out)
	return resp.StatusCode, out
}

var tokenLine = regexp.MustCompile(`(?m)^\s+(sst_[A-Za-z0-9_-]{20,})\s*$`)

func TestServeEmbeddedSurvivesRestart(t *testing.T) {
	data := t.TempDir()
	h := startHub(t, data)
	m := tokenLine.FindStringSubmatch(h.stdout.String())
	if m == nil {
		t.Fatalf("first start must print the generated admin token; stdout: %q", h.stdout)
	}
	token := m[1]
	if strings.Contains(h.stderr.String(), token) {
		t.Error("the admin token leaked into the structured log")
	}
	if code, _ := h.do("GET", "/api/v1/projects", "", ""); code != 401 {
		t.Errorf("no token: %d, want 401", code)
	}
	code, created := h.do("POST", "/api/v1/projects", token,
		`{"name":"Shop","services":[{"name":"checkout","aliases":["payment"]}]}`)
	if code != 201 || created["id"] == nil {
		t.Fatalf("create project: %d %v", code, created)
	}
	id := created["id"].(string)
	code, src := h.do("POST", "/api/v1/projects/"+id+"/log-sources", token,
		`{"name":"es","type":"elastic","config":{"url":"https://es.local:9200","index":"logs","api_key":"very-secret-key"}}`)
	if code != 201 {
		t.Fatalf("create log source: %d %v", code, src)
	}
	h.stop()

	h2 := startHub(t, data)
	if tokenLine.MatchString(h2.stdout.String()) {
		t.Error("the admin token must be printed only on the start that generates it")
	}
	code, got := h2.do("GET", "/api/v1/projects/"+id, token, "")
	if code != 200 || got["name"] != "Shop" {
		t.Fatalf("project after restart: %d %v", code, got)
	}
	code, list := h2.do("GET", "/api/v1/projects/"+id+"/log-sources", token, "")
	raw, _ := json.Marshal(list)
	if code != 200 || !strings.Contains(string(raw), `"es"`) || strings.Contains(string(raw), "very-secret-key") {
		t.Fatalf("log sources after restart: %d %s", code, raw)
	}
	if code, _ := h2.do("GET", "/readyz", "", ""); code != 200 {
		t.Errorf("readyz: %d", code)
	}
	db, err := os.ReadFile(filepath.Join(data, "sigsentry.db"))
	if err == nil && bytes.Contains(db, []byte("very-secret-key")) {
		t.Error("credential stored in plaintext in the SQLite file")
	}
	h2.stop()
}

func TestServeRefusesBadConfigNamingTheKey(t *testing.T) {
	cmd := exec.Command(binPath, "serve", "--config", "../../configs/sigsentry.yaml")
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "SIGSENTRY_PUBLIC_URL=localhost:8080", "SIGSENTRY_DATA_DIR=" + t.TempDir()}
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatal("a bad public URL must stop the start")
	}
	if !strings.Contains(string(out), "public_url") || !strings.Contains(string(out), "SIGSENTRY_PUBLIC_URL") {
		t.Errorf("message must name the key and variable: %s", out)
	}
}

func TestServeReportsTakenPort(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	cmd := exec.Command(binPath, "serve", "--config", "../../configs/sigsentry.yaml")
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "SIGSENTRY_ADDR=" + l.Addr().String(), "SIGSENTRY_DATA_DIR=" + t.TempDir()}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err == nil {
		t.Fatal("starting on a taken port must fail")
	}
	sc := bufio.NewScanner(&stderr)
	found := false
	for sc.Scan() {
		if strings.Contains(sc.Text(), "address already in use") {
			found = true
		}
	}
	if !found {
		t.Errorf("stderr must say the address is in use: %s", stderr.String())
	}
}

func TestUnknownCommand(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"frobnicate"}, strings.NewReader(""), &out, &errb); code != 2 ||
		!strings.Contains(errb.String(), "unknown command") {
		t.Errorf("code %d stderr %q", code, errb.String())
	}
}

// TestServeOnPostgreSQL runs the same restart check with the store chosen by
// SIGSENTRY_DATABASE_URL, in a schema of its own.
func TestServeOnPostgreSQL(t *testing.T) {
	if os.Getenv("SIGSENTRY_TEST_SKIP_POSTGRES") == "1" {
		t.Skip("SIGSENTRY_TEST_SKIP_POSTGRES=1")
	}
	base := os.Getenv("SIGSENTRY_TEST_DATABASE_URL")
	if base == "" {
		base = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
	}
	db, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	schema := fmt.Sprintf("e2e_%d", time.Now().UnixNano())
	if _, err := db.Exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatalf("PostgreSQL at %s: %v (start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start)", base, err)
	}
	t.Cleanup(func() { _, _ = db.Exec("DROP SCHEMA " + schema + " CASCADE") })
	u, _ := url.Parse(base)
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	env := []string{"SIGSENTRY_DATABASE_URL=" + u.String(), "SIGSENTRY_ADMIN_TOKEN=e2e-token-0123456789abcdef"}

	h := startHub(t, t.TempDir(), env...)
	code, created := h.do("POST", "/api/v1/projects", "e2e-token-0123456789abcdef", `{"name":"Shop PG"}`)
	if code != 201 {
		t.Fatalf("create: %d %v", code, created)
	}
	h.stop()
	var n int
	if err := db.QueryRow("SELECT count(*) FROM " + schema + ".projects").Scan(&n); err != nil || n != 1 {
		t.Fatalf("project not in PostgreSQL: %d %v", n, err)
	}
	// A second hub on another data directory sees the same data: the store
	// is the database, not the local disk.
	h2 := startHub(t, t.TempDir(), env...)
	if code, got := h2.do("GET", "/api/v1/projects/"+created["id"].(string), "e2e-token-0123456789abcdef", ""); code != 200 || got["slug"] != "shop-pg" {
		t.Fatalf("after restart: %d %v", code, got)
	}
	h2.stop()
}
