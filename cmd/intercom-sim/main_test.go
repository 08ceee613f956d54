package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestRunServesAndTalksToTheHub starts the real command against a fake hub and checks that it
// answers the REST API with the token it prints and validated the hub's webhook URL.
func TestRunServesAndTalksToTheHub(t *testing.T) {
	var heads atomic.Int32
	hub := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodHead && r.URL.Path == "/webhooks/intercom" {
			heads.Add(1)
		}
	}))
	defer hub.Close()

	ctx, cancel := context.WithCancel(t.Context())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"--addr", "127.0.0.1:0", "--hub-url", hub.URL, "--workspaces", "eu000001:eu"}, pw)
		pw.Close()
	}()
	lines := bufio.NewScanner(pr)
	var base, euToken string
	for lines.Scan() && (base == "" || euToken == "" || heads.Load() == 0) {
		line := lines.Text()
		if rest, ok := strings.CutPrefix(line, "intercom-sim: listening on "); ok {
			base = rest
		}
		if strings.Contains(line, "workspace eu000001 (EU)") {
			euToken = line[strings.LastIndex(line, " ")+1:]
		}
	}
	go func() { _, _ = io.Copy(io.Discard, pr) }()
	if base == "" || euToken == "" || heads.Load() != 1 {
		t.Fatalf("start-up output incomplete: base %q token %q heads %d", base, euToken, heads.Load())
	}

	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, base+"/me", nil)
	req.Header.Set("Authorization", "Bearer "+euToken)
	req.Header.Set("Intercom-Version", "2.16")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), `"region":"EU"`) {
		t.Fatalf("/me: %d %s", resp.StatusCode, body)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("run did not return after cancel")
	}
}
