package httpapi

import (
	_ "embed"
	"net/http"
)

// openapiJSON describes the admin API (OpenAPI 3.0). It is written by hand
// and kept honest by a test that checks it against the router both ways:
// every /api/v1 route is documented and every documented route exists.
//
//go:embed openapi.json
var openapiJSON []byte

// OpenAPI returns the OpenAPI 3.0 description of the admin API, for tools
// that generate clients or docs without a running hub.
func OpenAPI() []byte { return append([]byte(nil), openapiJSON...) }

// GET /api/v1/openapi.json
func (h *Handler) openapi(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(openapiJSON)
}
