package main

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/sigsentry/hub/plugins/intercom/intercomsim"
)

// This file is the harness of the load benchmarks and the multi-hub test:
// the real hub binary (binPath, built by TestMain) with the real Intercom
// plugin, driven through testing.TB so that benchmarks can use it too.

// hubProcess is one running hub.
type hubProcess struct {
	tb     testing.TB
	cmd    *exec.Cmd
	base   string
	stderr string // the hub's log file
}

var (
	sharedPluginsOnce sync.Once
	sharedPlugins     string
	sharedPluginsErr  error
)

// sharedPluginsDir builds the Intercom plugin once per test binary, laid out
// as `make build` lays it out; every hub of the run loads it from there.
func sharedPluginsDir(tb testing.TB) string {
	tb.Helper()
	sharedPluginsOnce.Do(func() {
		dir := filepath.Join(filepath.Dir(binPath), "plugins")
		if err := os.MkdirAll(filepath.Join(dir, "intercom"), 0o755); err != nil {
			sharedPluginsErr = err
			return
		}
		out, err := exec.Command("go", "build", "-o", filepath.Join(dir, "intercom", "sigsentry-intercom"),
			"../../plugins/intercom").CombinedOutput()
		if err != nil {
			sharedPluginsErr = fmt.Errorf("build intercom plugin: %v\n%s", err, out)
			return
		}
		manifest, err := os.ReadFile("../../plugins/intercom/plugin.json")
		if err == nil {
			err = os.WriteFile(filepath.Join(dir, "intercom", "plugin.json"), manifest, 0o644)
		}
		sharedPlugins, sharedPluginsErr = dir, err
	})
	if sharedPluginsErr != nil {
		tb.Fatal(sharedPluginsErr)
	}
	return sharedPlugins
}

// startHubProcess starts the hub on addr and waits until /readyz says the
// store, the queue and the plugins are ready. Its log goes to a file (the
// child writes it directly, at no cost to this process); the last lines are
// shown when the test fails.
func startHubProcess(tb testing.TB, addr string, env ...string) *hubProcess {
	tb.Helper()
	logFile, err := os.CreateTemp(tb.TempDir(), "hub-*.log")
	if err != nil {
		tb.Fatal(err)
	}
	cmd := exec.Command(binPath, "serve", "--config", "../../configs/sigsentry.yaml")
	cmd.Env = append([]string{
		"PATH=" + os.Getenv("PATH"), "SIGSENTRY_ADDR=" + addr, "SIGSENTRY_DATA_DIR=" + tb.TempDir(),
		"SIGSENTRY_LOG_FORMAT=json",
	}, env...)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	h := &hubProcess{tb: tb, cmd: cmd, base: "http://" + addr, stderr: logFile.Name()}
	tb.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { _, _ = cmd.Process.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
		logFile.Close()
		if tb.Failed() {
			tb.Logf("hub %s log (tail):\n%s", addr, h.logTail(40))
		}
	})
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if resp, err := http.Get(h.base + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return h
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	tb.Fatalf("hub on %s did not become ready\n%s", addr, h.logTail(40))
	return nil
}

// logTail returns the last n lines of the hub's log.
func (h *hubProcess) logTail(n int) string {
	b, _ := os.ReadFile(h.stderr)
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

// api calls the admin API with the e2e token and decodes a JSON object.
func (h *hubProcess) api(method, path, body string) (int, map[string]any) {
	h.tb.Helper()
	req, _ := http.NewRequest(method, h.base+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+e2eToken)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		h.tb.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var out map[string]any
	_ = json.Unmarshal(raw, &out)
	return resp.StatusCode, out
}

// metric sums the samples of a Prometheus counter whose labels contain all
// of the given label pairs (`kind="event"`).
func (h *hubProcess) metric(name string, labels ...string) float64 {
	h.tb.Helper()
	resp, err := http.Get(h.base + "/metrics")
	if err != nil {
		h.tb.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var sum float64
	for _, line := range strings.Split(string(raw), "\n") {
		if !strings.HasPrefix(line, name+"{") && !strings.HasPrefix(line, name+" ") {
			continue
		}
		ok := true
		for _, l := range labels {
			ok = ok && strings.Contains(line, l)
		}
		var v float64
		if _, err := fmt.Sscan(line[strings.LastIndexByte(line, ' ')+1:], &v); ok && err == nil {
			sum += v
		}
	}
	return sum
}

// install connects a new project to a workspace of sim through the hub's API
// and the real OAuth round trip, approved by the workspace's first admin.
func (h *hubProcess) install(sim *intercomsim.Sim, ws intercomsim.Workspace) (bindingID string) {
	h.tb.Helper()
	code, p := h.api("POST", "/api/v1/projects", fmt.Sprintf(
		`{"name":"Shop %s","services":[{"name":"checkout","aliases":["payment","cart"],"critical_path":true},{"name":"search"},{"name":"login","aliases":["sign in"]}]}`, ws.ID))
	if code != 201 {
		h.tb.Fatalf("create project: %d %v", code, p)
	}
	code, b := h.api("POST", "/api/v1/projects/"+p["id"].(string)+"/bindings", `{"platform":"intercom"}`)
	if code != 201 || b["authorize_url"] == nil {
		h.tb.Fatalf("install: %d %v", code, b)
	}
	callback, err := sim.AuthorizeAs(b["authorize_url"].(string), ws.ID, ws.Admins[0].ID)
	if err != nil {
		h.tb.Fatalf("authorize: %v", err)
	}
	resp, err := http.Get(callback)
	if err != nil {
		h.tb.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		h.tb.Fatalf("OAuth callback answered %d", resp.StatusCode)
	}
	id := b["id"].(string)
	if code, got := h.api("GET", "/api/v1/bindings/"+id, ""); code != 200 || got["status"] != "active" || got["workspace_id"] != ws.ID {
		h.tb.Fatalf("binding after install: %d %v", code, got)
	}
	return id
}

// newSim starts an Intercom simulator with n workspaces on an httptest
// server. opts may set WebhookURL, Logf and the like.
func newSim(tb testing.TB, workspaces int, opts intercomsim.Options) (*intercomsim.Sim, string) {
	tb.Helper()
	opts.ClientID, opts.ClientSecret = simClientID, simClientSecret
	opts.RequireVersionHeader = true
	for i := range workspaces {
		opts.Workspaces = append(opts.Workspaces, intercomsim.Workspace{ID: fmt.Sprintf("ws%06d", i+1)})
	}
	sim, err := intercomsim.New(opts)
	if err != nil {
		tb.Fatal(err)
	}
	srv := httptest.NewServer(sim)
	tb.Cleanup(func() { srv.Close(); sim.Close() })
	return sim, srv.URL
}

// hubEnv is the environment of a hub wired to the simulator at simURL.
func hubEnv(tb testing.TB, simURL, publicURL string, extra ...string) []string {
	tb.Helper()
	sharedPluginsDir(tb)
	return append([]string{
		"SIGSENTRY_PUBLIC_URL=" + publicURL, "SIGSENTRY_ADMIN_TOKEN=" + e2eToken,
		"SIGSENTRY_PLUGINS_DIR=" + sharedPlugins,
		"INTERCOM_CLIENT_ID=" + simClientID, "INTERCOM_CLIENT_SECRET=" + simClientSecret,
		"INTERCOM_API_BASE=" + simURL, "INTERCOM_OAUTH_BASE=" + simURL,
	}, extra...)
}

// Redis databases are claimed per test so that runs never share a queue:
// the hub's keys have a fixed prefix and one consumer group, and a job of
// another run would be "processed" here against bindings this run does not
// have. A database is free when nobody holds its claim key and it is empty
// or was used by these tests before (it holds the owned marker).
const (
	redisClaimKey = "sigsentry-test:claim"
	redisOwnedKey = "sigsentry-test:owned"
)

// claimRedisDB returns the URL of a Redis database of its own for this test,
// emptied now and again at the end. The server is SIGSENTRY_TEST_REDIS_URL's
// or 127.0.0.1:6379; databases 15 down to 1 are tried.
func claimRedisDB(tb testing.TB) string {
	tb.Helper()
	base := os.Getenv("SIGSENTRY_TEST_REDIS_URL")
	if base == "" {
		base = "redis://127.0.0.1:6379/0"
	}
	opts, err := redis.ParseURL(base)
	if err != nil {
		tb.Fatalf("SIGSENTRY_TEST_REDIS_URL: %v", err)
	}
	ctx := context.Background()
	var nonce [9]byte
	_, _ = rand.Read(nonce[:])
	owner := fmt.Sprintf("%s pid %d %s", tb.Name(), os.Getpid(), base64.RawURLEncoding.EncodeToString(nonce[:]))
	for db := 15; db >= 1; db-- {
		o := *opts
		o.DB = db
		c := redis.NewClient(&o)
		got, err := c.SetNX(ctx, redisClaimKey, owner, 30*time.Minute).Result()
		if err != nil {
			c.Close()
			tb.Fatalf("Redis at %s: %v (start one with: redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save \"\" --appendonly no)", o.Addr, err)
		}
		if !got {
			c.Close()
			continue
		}
		size, err1 := c.DBSize(ctx).Result()
		owned, err2 := c.Exists(ctx, redisOwnedKey).Result()
		if err1 != nil || err2 != nil || (size > 1 && owned == 0) {
			c.Del(ctx, redisClaimKey) // someone else's data: leave it alone
			c.Close()
			continue
		}
		// Empty it (a previous run of ours may have left keys) and keep
		// the claim, in one transaction; at the end empty it again and
		// release the claim, leaving only the marker.
		reset := func(claim bool) error {
			_, err := c.TxPipelined(ctx, func(p redis.Pipeliner) error {
				p.FlushDB(ctx)
				p.Set(ctx, redisOwnedKey, "a database of github.com/sigsentry/hub's cmd/sigsentry tests", 0)
				if claim {
					p.Set(ctx, redisClaimKey, owner, 30*time.Minute)
				}
				return nil
			})
			return err
		}
		if err := reset(true); err != nil {
			c.Close()
			tb.Fatal(err)
		}
		tb.Cleanup(func() {
			// Registered before the hubs' cleanups, so it runs after them.
			if v, _ := c.Get(ctx, redisClaimKey).Result(); v == owner {
				_ = reset(false)
			}
			c.Close()
		})
		u := &url.URL{Scheme: "redis", Host: o.Addr, Path: fmt.Sprintf("/%d", db)}
		if o.Password != "" {
			u.User = url.UserPassword(o.Username, o.Password)
		}
		return u.String()
	}
	tb.Fatalf("no free Redis database on %s (15 to 1 are all claimed or hold other data)", opts.Addr)
	return ""
}

// redisDB opens a client on a database claimRedisDB returned.
func redisDB(tb testing.TB, u string) *redis.Client {
	tb.Helper()
	o, err := redis.ParseURL(u)
	if err != nil {
		tb.Fatal(err)
	}
	c := redis.NewClient(o)
	tb.Cleanup(func() { c.Close() })
	return c
}

// freshPostgresSchema creates a schema of its own for the test, dropped at
// the end, and returns the database URL that selects it.
func freshPostgresSchema(tb testing.TB) string {
	tb.Helper()
	if os.Getenv("SIGSENTRY_TEST_SKIP_POSTGRES") == "1" {
		tb.Skip("SIGSENTRY_TEST_SKIP_POSTGRES=1")
	}
	base := os.Getenv("SIGSENTRY_TEST_DATABASE_URL")
	if base == "" {
		base = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
	}
	db, err := sql.Open("pgx", base)
	if err != nil {
		tb.Fatal(err)
	}
	schema := fmt.Sprintf("e2e_%d", time.Now().UnixNano())
	if _, err := db.Exec("CREATE SCHEMA " + schema); err != nil {
		db.Close()
		tb.Fatalf("PostgreSQL at %s: %v (start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start)", base, err)
	}
	tb.Cleanup(func() {
		_, _ = db.Exec("DROP SCHEMA " + schema + " CASCADE")
		db.Close()
	})
	u, _ := url.Parse(base)
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// testEncryptionKey is a fixed SIGSENTRY_ENCRYPTION_KEY (base64 of 32
// bytes) for hubs that must share one.
var testEncryptionKey = base64.StdEncoding.EncodeToString([]byte("sigsentry-test-key-32-bytes-long"))
