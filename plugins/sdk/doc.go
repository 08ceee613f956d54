// Package sdk is for people who write a SigSentry support-desk plugin.
//
// A desk plugin is a separate binary that the hub starts with
// github.com/hashicorp/go-plugin and talks to over gRPC, using the versioned
// protocol in package deskv1 (sigsentry.desk.v1). A plugin implements
// deskv1.DeskServer (embed deskv1.UnimplementedDeskServer so that calls added
// later in v1 answer "unimplemented" instead of breaking the build) and
// hands it to Serve from main:
//
//	func main() { sdk.Serve(intercomdesk.New()) }
//
// The plugin then lives in plugins/<id>/ beside a plugin.json manifest; see
// docs/writing-a-desk.md. Desk failures are data: answer
// with a *deskv1.DeskError built by Retryable, RateLimited, Unauthorized,
// NotFound, Invalid or Permanent; a gRPC error tells the hub the plugin is
// broken. TestClient runs a plugin in-process for unit tests, package
// conformance checks a plugin against the rules every desk must follow, and
// package sdktest starts a plugin binary the way the hub does.
package sdk
