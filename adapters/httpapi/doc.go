// Package httpapi is the hub's HTTP adapter: the admin API under /api/v1, the
// operational routes (/healthz, /readyz, /metrics) and the middleware every
// route shares, on a gorilla/mux router that later route groups (desk
// webhooks, canvas, OAuth callback, dashboard pages) join through
// Handler.Router.
//
// It speaks to the core only through the use-case Managers and turns their
// *core.Error codes into HTTP statuses; it never sees a database or a desk.
// Every answer it writes, errors included, is JSON of the shape fixed by the
// contract: {"error":{"code":"...","message":"...","field":"..."}}.
package httpapi
