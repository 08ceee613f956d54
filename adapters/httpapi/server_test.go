package httpapi_test

import (
	"context"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/sigsentry/hub/adapters/httpapi"
)

func TestServerStartsOnAnyPortAndDrainsOnShutdown(t *testing.T) {
	h := newHub(t)
	entered, release := make(chan struct{}), make(chan struct{})
	h.handler.Router().HandleFunc("/slow", func(w http.ResponseWriter, _ *http.Request) {
		close(entered)
		<-release
		_, _ = io.WriteString(w, "done")
	}).Methods(http.MethodGet)

	srv := httpapi.NewServer("127.0.0.1:0", h.handler, nil)
	addr, err := srv.Start()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := srv.Start(); err == nil {
		t.Error("a second Start must fail")
	}
	base := "http://" + addr.String()
	resp, err := http.Get(base + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("healthz on the started server: %d", resp.StatusCode)
	}

	// A port in use is refused at Start, not logged later.
	if _, err := httpapi.NewServer(addr.String(), h.handler, nil).Start(); err == nil {
		t.Error("Start on a port in use must fail")
	}

	type result struct {
		body string
		err  error
	}
	inflight := make(chan result, 1)
	go func() {
		resp, err := http.Get(base + "/slow")
		if err != nil {
			inflight <- result{err: err}
			return
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		inflight <- result{string(b), err}
	}()
	<-entered

	shut := make(chan error, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		shut <- srv.Shutdown(ctx)
	}()
	select {
	case err := <-shut:
		t.Fatalf("Shutdown returned (%v) while a request was in flight", err)
	case <-time.After(100 * time.Millisecond):
	}
	close(release)
	if r := <-inflight; r.err != nil || r.body != "done" {
		t.Fatalf("the in-flight request was cut: %+v", r)
	}
	if err := <-shut; err != nil {
		t.Fatalf("Shutdown: %v", err)
	}
	if _, err := http.Get(base + "/healthz"); err == nil {
		t.Error("the server still answers after Shutdown")
	}
}

func TestShutdownOfAServerNeverStarted(t *testing.T) {
	srv := httpapi.NewServer("127.0.0.1:0", http.NotFoundHandler(), nil)
	if err := srv.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
}
