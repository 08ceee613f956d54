package main

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/sigsentry/hub/plugins/intercom/intercomsim"
)

const (
	simClientID     = "e2e-client-id"
	simClientSecret = "e2e-client-secret-0123456789"
	e2eToken        = "e2e-admin-token-0123456789abcdef"
)

// pluginsDir lays out plugins/intercom with the real plugin binary, built
// as `make build` builds it, and its manifest.
func pluginsDir(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "plugins")
	if err := os.MkdirAll(filepath.Join(dir, "intercom"), 0o755); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("go", "build", "-o", filepath.Join(dir, "intercom", "sigsentry-intercom"),
		"../../plugins/intercom").CombinedOutput()
	if err != nil {
		t.Fatalf("build intercom plugin: %v\n%s", err, out)
	}
	manifest, err := os.ReadFile("../../plugins/intercom/plugin.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "intercom", "plugin.json"), manifest, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

type intercomWorld struct {
	hub *hub
	sim *intercomsim.Sim
	ws  intercomsim.Workspace
}

// startIntercomWorld runs the simulator and a hub wired to it, with the sim
// delivering webhooks to the hub by itself as Intercom would.
func startIntercomWorld(t *testing.T, extraEnv ...string) *intercomWorld {
	t.Helper()
	addr := freeAddr(t)
	hubURL := "http://" + addr
	sim, err := intercomsim.New(intercomsim.Options{
		ClientID: simClientID, ClientSecret: simClientSecret,
		RequireVersionHeader: true,
		WebhookURL:           hubURL + "/webhooks/intercom",
		UninstallURL:         hubURL + "/webhooks/intercom/uninstall",
		CanvasInitializeURL:  hubURL + "/canvas/intercom/initialize",
		CanvasSubmitURL:      hubURL + "/canvas/intercom/submit",
		Logf:                 t.Logf,
	})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(sim)
	t.Cleanup(func() { srv.Close(); sim.Close() })
	env := append([]string{
		"SIGSENTRY_PUBLIC_URL=" + hubURL, "SIGSENTRY_ADMIN_TOKEN=" + e2eToken,
		"SIGSENTRY_PLUGINS_DIR=" + pluginsDir(t),
		"INTERCOM_CLIENT_ID=" + simClientID, "INTERCOM_CLIENT_SECRET=" + simClientSecret,
		"INTERCOM_API_BASE=" + srv.URL, "INTERCOM_OAUTH_BASE=" + srv.URL,
	}, extraEnv...)
	h := startHubAt(t, addr, t.TempDir(), env...)
	return &intercomWorld{hub: h, sim: sim, ws: sim.Workspaces()[0]}
}

// install connects a new project to the sim's workspace through the real
// OAuth round trip and returns the project and binding ids.
func (w *intercomWorld) install(t *testing.T) (string, string) {
	t.Helper()
	code, p := w.hub.do("POST", "/api/v1/projects", e2eToken,
		`{"name":"Shop","services":[{"name":"checkout","aliases":["payment","cart"],"critical_path":true},{"name":"search"}]}`)
	if code != 201 {
		t.Fatalf("create project: %d %v", code, p)
	}
	code, b := w.hub.do("POST", "/api/v1/projects/"+p["id"].(string)+"/bindings", e2eToken, `{"platform":"intercom"}`)
	if code != 201 || b["authorize_url"] == nil {
		t.Fatalf("install: %d %v", code, b)
	}
	callback, err := w.sim.Authorize(b["authorize_url"].(string))
	if err != nil {
		t.Fatalf("authorize: %v", err)
	}
	resp, err := http.Get(callback)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("OAuth callback answered %d", resp.StatusCode)
	}
	id := b["id"].(string)
	code, got := w.hub.do("GET", "/api/v1/bindings/"+id, e2eToken, "")
	if code != 200 || got["status"] != "active" || got["workspace_id"] != w.ws.ID {
		t.Fatalf("binding after install: %d %v", code, got)
	}
	return p["id"].(string), id
}

// waitFor polls cond until it holds or the deadline passes.
func waitFor(t *testing.T, what string, d time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		if cond() {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("timed out waiting for %s", what)
}

func notes(parts []intercomsim.Part) []intercomsim.Part {
	var out []intercomsim.Part
	for _, p := range parts {
		if p.PartType == "note" && strings.Contains(p.Body, "SigSentry triage") {
			out = append(out, p)
		}
	}
	return out
}

func TestIntercomInstallTriageAndPost(t *testing.T) {
	w := startIntercomWorld(t)
	_, bindingID := w.install(t)

	conv, err := w.sim.AddConversation(w.ws.ID, intercomsim.Message{
		Contact: intercomsim.Contact{Name: "Jane", Email: "jane@example.com"},
		Body:    "Checkout fails with error 500 for all our customers since 2pm, we are losing sales!",
	})
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the triage note", 15*time.Second, func() bool { return len(notes(w.sim.Parts(conv))) > 0 })
	note := notes(w.sim.Parts(conv))[0]
	if !strings.Contains(note.Body, "CRITICAL") && !strings.Contains(note.Body, "HIGH") {
		t.Errorf("triage note does not carry a high severity: %s", note.Body)
	}
	if !strings.Contains(note.Body, "checkout") {
		t.Errorf("triage note misses the affected service: %s", note.Body)
	}
	if note.AuthorID != w.ws.Admins[0].ID {
		t.Errorf("note authored by %q, want the installing admin %q", note.AuthorID, w.ws.Admins[0].ID)
	}
	waitFor(t, "the severity attribute", 5*time.Second, func() bool { return w.sim.Attributes(conv)["severity"] != nil })

	// Redelivering every notification (Intercom retries after a minute when
	// it saw no 200) must not post again.
	for _, d := range w.sim.Deliveries() {
		if _, err := w.sim.Redeliver(context.Background(), w.hub.base+"/webhooks/intercom", d.NotificationID); err != nil {
			t.Fatal(err)
		}
	}
	time.Sleep(time.Second)
	if n := len(notes(w.sim.Parts(conv))); n != 1 {
		t.Errorf("%d triage notes after redelivery, want 1", n)
	}

	// The panel shows the triage and validates against Canvas Kit.
	res, err := w.sim.CanvasInitialize(context.Background(), w.hub.base+"/canvas/intercom/initialize", w.ws.ID, conv, w.ws.Admins[0].ID)
	if err != nil {
		t.Fatalf("canvas initialize: %v", err)
	}
	if len(res.Problems) > 0 || res.Status != 200 {
		t.Fatalf("canvas answer %d invalid: %v", res.Status, res.Problems)
	}
	if !strings.Contains(string(res.Body), "checkout") {
		t.Errorf("panel does not show the triage: %s", res.Body)
	}
	if v := w.sim.Violations(); len(v) > 0 {
		t.Errorf("the hub sent requests Intercom's OpenAPI description refuses: %+v", v)
	}

	// Disconnect revokes the token; later webhooks are ignored.
	if code, b := w.hub.do("POST", "/api/v1/bindings/"+bindingID+"/disconnect", e2eToken, ""); code != 200 || b["status"] != "inactive" {
		t.Fatalf("disconnect: %d %v", code, b)
	}
	if _, err := w.sim.ContactReply(conv, "Still broken, everything is down!"); err != nil {
		t.Fatal(err)
	}
	time.Sleep(time.Second)
	if n := len(notes(w.sim.Parts(conv))); n != 1 {
		t.Errorf("posted after disconnect: %d notes", n)
	}
}

// pluginPID finds the hub's plugin child process by its executable name.
func pluginPID(t *testing.T, hubPID int, name string) int {
	t.Helper()
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		stat, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue
		}
		// pid (comm) state ppid …
		s := string(stat)
		open, closeIdx := strings.IndexByte(s, '('), strings.LastIndexByte(s, ')')
		if open < 0 || closeIdx < 0 || !strings.HasPrefix(name, s[open+1:closeIdx]) {
			continue
		}
		var ppid int
		fields := strings.Fields(s[closeIdx+1:])
		if len(fields) > 1 {
			ppid = atoi(fields[1])
		}
		if ppid == hubPID {
			return atoi(e.Name())
		}
	}
	return 0
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0
		}
		n = n*10 + int(c-'0')
	}
	return n
}

func platformStatus(t *testing.T, h *hub) string {
	t.Helper()
	req, _ := http.NewRequest("GET", h.base+"/api/v1/platforms", nil)
	req.Header.Set("Authorization", "Bearer "+e2eToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var list []map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&list); err != nil || len(list) != 1 {
		t.Fatalf("platforms: %v %v", list, err)
	}
	return list[0]["status"].(string)
}

func TestIntercomPluginCrashGets503ThenRecovers(t *testing.T) {
	w := startIntercomWorld(t)
	w.install(t)
	if s := platformStatus(t, w.hub); s != "running" {
		t.Fatalf("platform status %q, want running", s)
	}
	pid := pluginPID(t, w.hub.cmd.Process.Pid, "sigsentry-intercom")
	if pid == 0 {
		t.Fatal("intercom plugin process not found")
	}
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	conv, err := w.sim.AddConversation(w.ws.ID, intercomsim.Message{Body: "Payment page is down for everyone, error 503"})
	if err != nil {
		t.Fatal(err)
	}
	var first intercomsim.Delivery
	waitFor(t, "the webhook delivery", 5*time.Second, func() bool {
		for _, d := range w.sim.Deliveries() {
			if d.Topic == "conversation.user.created" {
				first = d
				return true
			}
		}
		return false
	})
	if first.Status != http.StatusServiceUnavailable {
		t.Fatalf("webhook while the plugin is down answered %d, want 503 so Intercom retries", first.Status)
	}
	waitFor(t, "the plugin to restart", 10*time.Second, func() bool {
		return platformStatus(t, w.hub) == "running" && pluginPID(t, w.hub.cmd.Process.Pid, "sigsentry-intercom") != 0
	})
	if newPID := pluginPID(t, w.hub.cmd.Process.Pid, "sigsentry-intercom"); newPID == 0 || newPID == pid {
		t.Fatalf("no new plugin process (old %d, new %d)", pid, newPID)
	}
	// Intercom retries the notification a minute later; do it now.
	d, err := w.sim.Redeliver(context.Background(), w.hub.base+"/webhooks/intercom", first.NotificationID)
	if err != nil || d.Status != 200 {
		t.Fatalf("redelivery: %d %v", d.Status, err)
	}
	waitFor(t, "the triage note", 15*time.Second, func() bool { return len(notes(w.sim.Parts(conv))) == 1 })
}

// TestNoOrphanPluginWhenHubIsKilled: a hub killed with SIGKILL cannot stop
// its plugins; Linux's parent-death signal must.
func TestNoOrphanPluginWhenHubIsKilled(t *testing.T) {
	w := startIntercomWorld(t)
	hubPID := w.hub.cmd.Process.Pid
	pid := pluginPID(t, hubPID, "sigsentry-intercom")
	if pid == 0 {
		t.Fatal("intercom plugin process not found")
	}
	if err := w.hub.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_, _ = w.hub.cmd.Process.Wait()
	waitFor(t, "the plugin to end with its hub", 3*time.Second, func() bool {
		stat, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
		// Gone, or a zombie waiting for init to reap it: either way not running.
		return err != nil || strings.Contains(string(stat), ") Z ")
	})
}
