package logsources_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/sigsentry/hub/adapters/logsources"
	"github.com/sigsentry/hub/core/project"
)

// "Test connection" for a file source: the last lines of the newest file,
// with the reason an analysis would skip a line.
func ExampleRegistry_Sample() {
	dir, _ := os.MkdirTemp("", "logs")
	defer os.RemoveAll(dir)
	os.WriteFile(filepath.Join(dir, "app.jsonl"), []byte(
		`{"ts":"2024-03-05T12:00:00Z","level":"ERROR","service":"checkout","msg":"card declined"}`+"\n"+
			`{"level":"info","msg":"no timestamp"}`+"\n"), 0o644)

	registry := logsources.New(logsources.Options{FileRoots: []string{dir}})
	lines, err := registry.Sample(context.Background(), &project.LogSource{
		Type: project.SourceFile, Config: map[string]any{"path": dir + "/*.jsonl"},
	}, 10)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, l := range lines {
		if l.Problem != "" {
			fmt.Printf("skipped: %s\n", l.Problem)
			continue
		}
		fmt.Printf("%s %s %s: %s\n", l.Time.Format("15:04:05"), l.Level, l.Service, l.Message)
	}
	// Output:
	// 12:00:00 error checkout: card declined
	// skipped: no time field (looked for time, ts, timestamp, @timestamp, t); set config.time_field
}
