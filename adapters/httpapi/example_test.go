package httpapi_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"

	"github.com/sigsentry/hub/adapters/httpapi"
	"github.com/sigsentry/hub/adapters/secretbox"
	"github.com/sigsentry/hub/adapters/sqlitestore"
	"github.com/sigsentry/hub/core/analysis"
	"github.com/sigsentry/hub/core/binding"
	"github.com/sigsentry/hub/core/project"
)

// The wiring in cmd/ builds the use cases over a store and hands them to
// NewHandler; every /api/v1 call then carries the admin token.
func Example() {
	ctx := context.Background()
	dir, _ := os.MkdirTemp("", "sigsentry-example")
	defer os.RemoveAll(dir)
	box, _ := secretbox.New(bytes.Repeat([]byte{1}, secretbox.KeySize))
	store, err := sqlitestore.Open(ctx, filepath.Join(dir, "hub.db"), box)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer store.Close()

	projects := project.NewManager(store)
	h, err := httpapi.NewHandler(httpapi.Deps{
		Projects:   projects,
		Bindings:   binding.NewManager(store, projects, nil, slog.Default()),
		Analyses:   analysis.NewManager(store),
		AdminToken: "s3cret",
		Ready:      []httpapi.ReadyCheck{{Name: "store", Check: store.Ping}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	srv := httptest.NewServer(h)
	defer srv.Close()

	call := func(method, path, body string) {
		req, _ := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer s3cret")
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			fmt.Println(err)
			return
		}
		defer resp.Body.Close()
		out, _ := io.ReadAll(resp.Body)
		fmt.Println(resp.StatusCode, strings.TrimSpace(string(out)))
	}
	call("GET", "/readyz", "")
	call("POST", "/api/v1/projects", `{"name":"Shop","services":[{"name":""}]}`)
	call("GET", "/api/v1/platforms", "")
	// Output:
	// 200 {"status":"ready","checks":{"store":"ok"}}
	// 400 {"error":{"code":"invalid","message":"services[0].name: is required","field":"services[0].name"}}
	// 200 []
}
