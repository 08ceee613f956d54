package sdktest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"

	"github.com/sigsentry/hub/plugins/sdk"
	"github.com/sigsentry/hub/plugins/sdk/deskv1"
)

// TestdeskPackage is the import path of the test desk's binary.
const TestdeskPackage = "github.com/sigsentry/hub/plugins/sdk/sdktest/testdesk/cmd/testdesk"

// BuildPlugin compiles the main package pkg (an import path, or a ./path
// relative to the working directory) into dir and returns the binary's path.
// It is the form for TestMain, where there is no testing.TB yet.
func BuildPlugin(ctx context.Context, pkg, dir string) (string, error) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		return "", fmt.Errorf("build %s: the go command is not on PATH: %w", pkg, err)
	}
	out := filepath.Join(dir, path.Base(pkg))
	if runtime.GOOS == "windows" {
		out += ".exe"
	}
	cmd := exec.CommandContext(ctx, goBin, "build", "-o", out, pkg)
	if output, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build %s: %w\n%s", pkg, err, output)
	}
	return out, nil
}

// Build compiles the main package pkg into a temporary directory that is
// removed when the test ends, and returns the binary's path.
func Build(tb testing.TB, pkg string) string {
	tb.Helper()
	bin, err := BuildPlugin(tb.Context(), pkg, tb.TempDir())
	if err != nil {
		tb.Fatal(err)
	}
	return bin
}

// ClientConfig is a go-plugin client configuration for binary with the
// protections the hub uses: gRPC only, mutual TLS with certificates made per
// start, and no inherited environment. logger receives the plugin's logs.
func ClientConfig(binary string, logger hclog.Logger) *plugin.ClientConfig {
	return &plugin.ClientConfig{
		HandshakeConfig:  sdk.Handshake,
		Plugins:          sdk.PluginSet(),
		Cmd:              exec.Command(binary),
		AllowedProtocols: []plugin.Protocol{plugin.ProtocolGRPC},
		AutoMTLS:         true,
		SkipHostEnv:      true,
		Logger:           logger,
	}
}

// Start runs binary as the hub would and returns its desk client and the
// go-plugin client that owns the process. The process is killed when the
// test ends. Plugin logs at Warn and above go to stderr.
func Start(tb testing.TB, binary string) (deskv1.DeskClient, *plugin.Client) {
	tb.Helper()
	logger := hclog.New(&hclog.LoggerOptions{Name: filepath.Base(binary), Output: os.Stderr, Level: hclog.Warn})
	client := plugin.NewClient(ClientConfig(binary, logger))
	tb.Cleanup(client.Kill)
	desk, err := Dispense(client)
	if err != nil {
		tb.Fatal(err)
	}
	return desk, client
}

// Dispense starts the client's plugin process if it is not running yet and
// returns its desk client.
func Dispense(client *plugin.Client) (deskv1.DeskClient, error) {
	rpc, err := client.Client()
	if err != nil {
		return nil, fmt.Errorf("start plugin: %w", err)
	}
	raw, err := rpc.Dispense(sdk.PluginName)
	if err != nil {
		return nil, fmt.Errorf("dispense %q: %w", sdk.PluginName, err)
	}
	desk, ok := raw.(deskv1.DeskClient)
	if !ok {
		return nil, fmt.Errorf("dispense %q: got %T, want deskv1.DeskClient", sdk.PluginName, raw)
	}
	return desk, nil
}
