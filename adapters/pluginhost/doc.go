// Package pluginhost is the hub's side of the desk plugin protocol: it is for
// the wiring in cmd/sigsentry, which hands the rest of the hub a *Host.
//
// A Host discovers plugins/<id>/plugin.json manifests (Discover), refuses
// what it must not run (escaping paths, unknown protocol versions, binaries
// whose checksum does not match), starts every accepted desk as its own
// process with github.com/hashicorp/go-plugin over gRPC and supervises it:
// a crashed plugin is restarted with backoff and reported as failed after
// repeated crashes. Plugins inherit nothing from the hub's environment; they
// receive their own settings through the Configure call after each start,
// and their logs are forwarded into the hub's log with plugin=<id>.
//
// The Host implements binding.Platforms (GET /api/v1/platforms) and
// binding.Desk (install links and token revocation), answers /readyz through
// Ready, and gives the desk-facing HTTP routes a deskv1.DeskClient per
// platform through Desk. Calls to a plugin that is down fail fast with
// ErrUnavailable, which the HTTP layer answers with 503 so that the desk
// retries the delivery.
package pluginhost
