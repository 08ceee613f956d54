package core_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestCoreImportsNoAdapter keeps the hexagon honest: core holds the domain
// and its ports and reaches no adapter, plugin, fx, HTTP, SQL or Redis.
func TestCoreImportsNoAdapter(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "github.com/sigsentry/hub/core/...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	forbidden := []string{
		"github.com/sigsentry/hub/adapters", "github.com/sigsentry/hub/cmd", "github.com/sigsentry/hub/plugins",
		"go.uber.org/fx", "net/http", "database/sql", "github.com/redis/", "google.golang.org/grpc",
	}
	for _, dep := range strings.Fields(string(out)) {
		for _, f := range forbidden {
			if dep == f || strings.HasPrefix(dep, f+"/") || strings.HasPrefix(dep, f) && strings.HasSuffix(f, "/") {
				t.Errorf("core depends on %s", dep)
			}
		}
	}
}

// TestFxOnlyAtTheEdge: fx appears only in cmd/ (the binary and its wiring
// package); every other package is usable without it.
func TestFxOnlyAtTheEdge(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}} {{join .Imports " "}}`, "github.com/sigsentry/hub/...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		pkg, imports, _ := strings.Cut(line, " ")
		if strings.Contains(" "+imports+" ", " go.uber.org/fx") && !strings.HasPrefix(pkg, "github.com/sigsentry/hub/cmd/") {
			t.Errorf("%s imports fx; only cmd/ may", pkg)
		}
	}
}
