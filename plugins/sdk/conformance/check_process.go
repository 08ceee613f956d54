package conformance

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"github.com/sigsentry/hub/plugins/sdk"
	"github.com/sigsentry/hub/plugins/sdk/deskv1"
	"github.com/sigsentry/hub/plugins/sdk/sdktest"
)

const (
	// handshakeDeadline bounds the wait for the handshake line.
	handshakeDeadline = 10 * time.Second
	// exitDeadline is how long a plugin may take to end once the hub kills it.
	exitDeadline = 5 * time.Second
)

// handshakeLine is go-plugin's handshake:
// CORE-VERSION|APP-VERSION|NETWORK|ADDRESS|PROTOCOL|SERVER-CERT.
var handshakeLine = regexp.MustCompile(`^(\d+)\|(\d+)\|(tcp|unix)\|([^|]+)\|grpc\|([A-Za-z0-9+/]*)$`)

var processChecks = []check{
	{name: "binary prints only the handshake on stdout", process: true, run: checkStdout},
	{name: "binary exits promptly when killed", process: true, run: checkExit},
}

// pluginEnv is the whole environment go-plugin's client gives a plugin
// when, like the hub, it does not pass its own on (SkipHostEnv), plus the
// directory for the plugin's Unix socket: the kit kills the process, which
// then cannot remove the socket itself.
func pluginEnv(socketDir string) []string {
	return []string{
		sdk.Handshake.MagicCookieKey + "=" + sdk.Handshake.MagicCookieValue,
		"PLUGIN_PROTOCOL_VERSIONS=" + strconv.Itoa(sdk.ProtocolVersion),
		"PLUGIN_MIN_PORT=10000",
		"PLUGIN_MAX_PORT=25000",
		plugin.EnvUnixSocketDir + "=" + socketDir,
	}
}

// checkStdout: go-plugin reads the handshake from the plugin's stdout, so
// anything printed there first breaks the start, and anything after it is
// noise the hub has to drain. The kit starts the binary by hand, reads the
// first line, makes the calls a hub makes after a start (including
// Configure, where careless plugins print), then ends the process and
// reads whatever else reached stdout.
func checkStdout(ctx context.Context, k *kit) error {
	socketDir, err := os.MkdirTemp("", "conformance-")
	if err != nil {
		return fmt.Errorf("socket directory: %w", err)
	}
	defer os.RemoveAll(socketDir)
	cmd := exec.CommandContext(ctx, k.h.Binary)
	cmd.Env = pluginEnv(socketDir)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return fmt.Errorf("stdout pipe: %w", err)
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start %s: %w", k.h.Binary, err)
	}
	lines := make(chan string)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	// stop ends the process and returns what it printed after the handshake.
	stop := func() []string {
		_ = cmd.Process.Kill()
		var rest []string
		for line := range lines {
			rest = append(rest, line)
		}
		_ = cmd.Wait() // killed: the exit status says so and nothing else
		return rest
	}

	var first string
	select {
	case line, ok := <-lines:
		if !ok {
			stop()
			return fmt.Errorf("binary ended without a handshake; stderr:\n%s", stderr.String())
		}
		first = line
	case <-time.After(handshakeDeadline):
		stop()
		return fmt.Errorf("no handshake line on stdout within %v; stderr:\n%s", handshakeDeadline, stderr.String())
	}
	m := handshakeLine.FindStringSubmatch(first)
	if m == nil {
		stop()
		return fmt.Errorf("first stdout line %q is not go-plugin's gRPC handshake CORE|APP|tcp-or-unix|ADDRESS|grpc|CERT", first)
	}
	callErr := exercise(ctx, k, m[3], m[4])
	rest := stop()
	var errs []error
	if m[1] != strconv.Itoa(plugin.CoreProtocolVersion) || m[2] != strconv.Itoa(sdk.ProtocolVersion) {
		errs = append(errs, fmt.Errorf("handshake %q: want core version %d and protocol version %d", first, plugin.CoreProtocolVersion, sdk.ProtocolVersion))
	}
	if callErr != nil {
		errs = append(errs, fmt.Errorf("calls over the handshake's address: %w", callErr))
	}
	if len(rest) > 0 {
		errs = append(errs, fmt.Errorf("binary printed %d more line(s) on stdout after the handshake, first %q: log to stderr instead", len(rest), rest[0]))
	}
	return errors.Join(errs...)
}

// exercise connects to a hand-started plugin (no TLS: the kit sent no
// client certificate) and makes the hub's first calls.
func exercise(ctx context.Context, k *kit, network, addr string) error {
	conn, err := grpc.NewClient("passthrough:///plugin",
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithContextDialer(func(ctx context.Context, _ string) (net.Conn, error) {
			return (&net.Dialer{}).DialContext(ctx, network, addr)
		}))
	if err != nil {
		return fmt.Errorf("dial %s %s: %w", network, addr, err)
	}
	defer conn.Close()
	desk := deskv1.NewDeskClient(conn)
	if _, err := desk.GetMetadata(ctx, &deskv1.GetMetadataRequest{}); err != nil {
		return fmt.Errorf("GetMetadata: %w", err)
	}
	if resp, err := desk.Configure(ctx, &deskv1.ConfigureRequest{Settings: k.h.Settings}); err != nil || resp.GetError() != nil {
		return fmt.Errorf("Configure: %s, gRPC error %v", describe(resp.GetError()), err)
	}
	if _, err := desk.CheckHealth(ctx, &deskv1.CheckHealthRequest{}); err != nil {
		return fmt.Errorf("CheckHealth: %w", err)
	}
	return nil
}

// gracelessExit is what go-plugin logs when a plugin ignored its Shutdown
// call and had to be killed.
const gracelessExit = "plugin failed to exit gracefully"

// checkExit: the hub stops a plugin through go-plugin's Kill, which asks it
// to shut down and kills it two seconds later. The plugin must be gone within
// exitDeadline, and should have gone on the request.
func checkExit(ctx context.Context, k *kit) error {
	var logs syncBuffer
	logger := hclog.New(&hclog.LoggerOptions{Name: "conformance", Output: &logs, Level: hclog.Debug})
	client := plugin.NewClient(sdktest.ClientConfig(k.h.Binary, logger))
	desk, err := sdktest.Dispense(client)
	if err == nil {
		_, err = desk.CheckHealth(ctx, &deskv1.CheckHealthRequest{})
	}
	if err != nil {
		client.Kill()
		return fmt.Errorf("start through go-plugin: %w\n%s", err, logs.String())
	}
	done := make(chan struct{})
	start := time.Now()
	go func() {
		client.Kill()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(exitDeadline):
		return fmt.Errorf("plugin still running %v after Kill", exitDeadline)
	}
	took := time.Since(start)
	switch {
	case !client.Exited():
		return fmt.Errorf("Kill returned after %v but the process has not exited", took)
	case strings.Contains(logs.String(), gracelessExit):
		return fmt.Errorf("plugin ignored go-plugin's Shutdown and was killed %v after Kill: let sdk.Serve return", took)
	}
	return nil
}

// syncBuffer collects go-plugin's log lines, written from its goroutines.
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
