package sdk

import (
	"testing"

	"github.com/hashicorp/go-plugin"

	"github.com/sigsentry/hub/plugins/sdk/deskv1"
)

// TestClient serves impl over an in-process gRPC connection and returns the
// client the hub would use, so that a plugin's tests exercise the real
// protocol (serialisation included) without starting a process.
func TestClient(t testing.TB, impl deskv1.DeskServer) deskv1.DeskClient {
	t.Helper()
	client, _ := plugin.TestPluginGRPCConn(t, false, plugin.PluginSet{PluginName: &GRPCPlugin{Impl: impl}})
	t.Cleanup(func() { _ = client.Close() })
	raw, err := client.Dispense(PluginName)
	if err != nil {
		t.Fatalf("dispense desk plugin: %v", err)
	}
	return raw.(deskv1.DeskClient)
}
