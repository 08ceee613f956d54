package sdk

import (
	"context"

	"github.com/hashicorp/go-plugin"
	"google.golang.org/grpc"

	"github.com/sigsentry/hub/plugins/sdk/deskv1"
)

// ProtocolVersion is the major version of sigsentry.desk.v1. The hub refuses
// a plugin whose manifest does not list it.
const ProtocolVersion = 1

// PluginName is the key of the desk service in go-plugin's plugin set.
const PluginName = "desk"

// Handshake is shared by the hub and every plugin. The cookie is not a
// security measure: it makes a plugin run by hand say so instead of waiting.
var Handshake = plugin.HandshakeConfig{
	ProtocolVersion:  ProtocolVersion,
	MagicCookieKey:   "SIGSENTRY_DESK_PLUGIN",
	MagicCookieValue: "c2ln-c2VudHJ5-ZGVzaw",
}

// GRPCPlugin glues a deskv1.DeskServer (plugin side) and a deskv1.DeskClient
// (hub side) into go-plugin. Only gRPC is offered: net/rpc's gob encoding
// breaks precompiled plugins when a Go type changes.
type GRPCPlugin struct {
	plugin.NetRPCUnsupportedPlugin
	// Impl is the plugin's implementation; nil on the hub side.
	Impl deskv1.DeskServer
}

var _ plugin.GRPCPlugin = (*GRPCPlugin)(nil)

// GRPCServer registers the implementation.
func (p *GRPCPlugin) GRPCServer(_ *plugin.GRPCBroker, s *grpc.Server) error {
	deskv1.RegisterDeskServer(s, p.Impl)
	return nil
}

// GRPCClient returns a deskv1.DeskClient over the plugin's connection.
func (p *GRPCPlugin) GRPCClient(_ context.Context, _ *plugin.GRPCBroker, c *grpc.ClientConn) (any, error) {
	return deskv1.NewDeskClient(c), nil
}

// PluginSet is the go-plugin plugin set for the hub's client configuration.
func PluginSet() plugin.PluginSet {
	return plugin.PluginSet{PluginName: &GRPCPlugin{}}
}
