package httpapi

import (
	"crypto/sha256"
	"crypto/subtle"
	"net/http"
	"strings"

	"github.com/sigsentry/hub/core"
)

// apiPrefix is where the admin API lives; every path under it needs the
// admin token.
const apiPrefix = "/api/v1"

// requireToken guards every path under /api/v1 with the admin bearer token.
//
// It runs before routing and keys on the path prefix rather than being a
// middleware of the /api/v1 subrouter: mux runs subrouter middleware only on
// a full match, so unknown paths and wrong methods would answer 404/405 to
// anyone and let a stranger map the API. Routes added later under /api/v1 are
// guarded without anyone remembering to.
func (h *Handler) requireToken(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !underAPI(r.URL.Path) {
			next.ServeHTTP(w, r)
			return
		}
		if msg := h.checkToken(r.Header.Get("Authorization")); msg != "" {
			h.fail(w, r, &core.Error{Code: core.ErrUnauthorized, Message: msg})
			return
		}
		next.ServeHTTP(w, r)
	})
}

func underAPI(path string) bool {
	return path == apiPrefix || strings.HasPrefix(path, apiPrefix+"/")
}

// checkToken returns why the Authorization header is refused, or "".
func (h *Handler) checkToken(header string) string {
	if header == "" {
		return "missing Authorization header; send Authorization: Bearer <admin token>"
	}
	scheme, token, ok := strings.Cut(header, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "unsupported authorization scheme; send Authorization: Bearer <admin token>"
	}
	token = strings.TrimSpace(token)
	// Hashing first gives both sides the same length, so the comparison's
	// time says nothing about the token, not even its length.
	got := sha256.Sum256([]byte(token))
	if token == "" || subtle.ConstantTimeCompare(got[:], h.tokenHash[:]) != 1 {
		return "invalid admin token"
	}
	return ""
}
