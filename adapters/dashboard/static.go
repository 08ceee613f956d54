package dashboard

import (
	"embed"
	"net/http"

	"github.com/gorilla/mux"
)

//go:embed static/dashboard.css
var staticFS embed.FS

// staticHandler serves the stylesheet. It is public (the login page needs
// it) and holds nothing secret. The file is embedded, so it changes only
// with the binary; an hour of caching keeps pages fast without making an
// upgrade look broken for long.
func staticHandler() http.Handler {
	files := http.FileServerFS(staticFS)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := mux.Vars(r)["file"]
		if name != "dashboard.css" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Cache-Control", "public, max-age=3600")
		r2 := r.Clone(r.Context())
		r2.URL.Path = "/static/" + name
		files.ServeHTTP(w, r2)
	})
}
