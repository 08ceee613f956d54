// Package dashboard serves the SigSentry dashboard: the HTML pages under "/"
// where an admin logs in with the admin token, manages projects and their log
// sources, connects and configures support desks, and where agents read the
// analyses that analysis_url links point to.
//
// Pages are html/template files embedded in the binary and a single CSS
// file; there is no JavaScript and no front-end build. Every form works
// with a plain POST, guarded by a signed session cookie, a CSRF token bound
// to the session and a cross-origin check. The package registers its routes
// on the HTTP adapter's router (see Register), so pages share its request
// ids, access log and metrics.
package dashboard
