package sdk

import (
	"os"
	"runtime"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
	"google.golang.org/grpc"

	"github.com/sigsentry/hub/plugins/sdk/deskv1"
)

// parentPoll is how often a plugin checks that the hub that started it is
// still its parent.
const parentPoll = time.Second

// Procs is how many threads run the plugin's Go code at once
// (runtime.GOMAXPROCS), set by Serve. A desk plugin mostly waits on the
// network, and with one thread a call from the hub is read, handled and
// answered without waking a second thread: the round trip through the
// plugin process took 30 % less (p50 about 170 µs instead of 240 µs on 2
// cores, BenchmarkWebhookPluginProcess). A plugin that does heavy CPU work
// per call sets Procs before calling Serve; 0 keeps Go's default.
var Procs = 1

// Serve runs impl as a desk plugin until the hub stops it. It never returns.
//
// Logs: use Logger (JSON on stderr, which the hub forwards into its own
// log). Nothing may be printed to stdout before the handshake; afterwards
// go-plugin captures stdout, but a plugin should not print there at all.
func Serve(impl deskv1.DeskServer) {
	if Procs > 0 {
		runtime.GOMAXPROCS(Procs)
	}
	go exitWithParent(os.Getppid())
	plugin.Serve(&plugin.ServeConfig{
		HandshakeConfig: Handshake,
		Plugins:         plugin.PluginSet{PluginName: &GRPCPlugin{Impl: impl}},
		GRPCServer: func(opts []grpc.ServerOption) *grpc.Server {
			return grpc.NewServer(opts...)
		},
		Logger: Logger(),
	})
	os.Exit(0)
}

// Logger is a plugin's logger: JSON lines on stderr, as the hub expects.
func Logger() hclog.Logger {
	return hclog.New(&hclog.LoggerOptions{
		Output:     os.Stderr,
		Level:      hclog.Debug,
		JSONFormat: true,
	})
}

// exitWithParent ends the plugin when the hub is gone. The hub also asks
// Linux to kill its plugins when it dies (Pdeathsig); this covers the cases
// that signal misses, such as a hub whose starting thread ended.
func exitWithParent(parent int) {
	for range time.Tick(parentPoll) {
		if os.Getppid() != parent {
			os.Exit(3)
		}
	}
}
