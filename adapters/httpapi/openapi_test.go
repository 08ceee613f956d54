package httpapi_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
	"github.com/gorilla/mux"

	"github.com/sigsentry/hub/adapters/httpapi"
)

// specChecker validates answers against the OpenAPI description, so that
// every test of the API also tests the document.
type specChecker struct {
	doc    *openapi3.T
	router routers.Router
}

var (
	specOnce sync.Once
	spec     *specChecker
	specErr  error
)

func loadSpec(t *testing.T) *specChecker {
	t.Helper()
	specOnce.Do(func() {
		loader := openapi3.NewLoader()
		doc, err := loader.LoadFromData(httpapi.OpenAPI())
		if err != nil {
			specErr = err
			return
		}
		if err := doc.Validate(loader.Context, openapi3.EnableExamplesValidation()); err != nil {
			specErr = err
			return
		}
		router, err := gorillamux.NewRouter(doc)
		if err != nil {
			specErr = err
			return
		}
		spec = &specChecker{doc: doc, router: router}
	})
	if specErr != nil {
		t.Fatalf("openapi.json: %v", specErr)
	}
	return spec
}

// checkResponse validates one answer when its route is documented; routes
// added by a test (through Router) and unknown paths are skipped.
func (s *specChecker) checkResponse(t *testing.T, req *http.Request, resp *http.Response, body []byte) {
	t.Helper()
	if resp.StatusCode == http.StatusInternalServerError {
		// Any operation may fail so (the description says so once); the
		// error envelope is checked by the tests that provoke it.
		return
	}
	route, params, err := s.router.FindRoute(req)
	if errors.Is(err, routers.ErrPathNotFound) || errors.Is(err, routers.ErrMethodNotAllowed) {
		return
	}
	if err != nil {
		t.Fatalf("openapi route of %s %s: %v", req.Method, req.URL.Path, err)
	}
	if resp.StatusCode == http.StatusServiceUnavailable && route.Operation.Responses.Status(http.StatusServiceUnavailable) == nil {
		// Any write may be refused so while the disk is full or read-only
		// (the description says so once, as for 500).
		return
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{
			Request: req, PathParams: params, Route: route,
		},
		Status:  resp.StatusCode,
		Header:  resp.Header,
		Body:    io.NopCloser(bytes.NewReader(body)),
		Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		t.Errorf("%s %s → %d does not match openapi.json: %v\nbody: %s",
			req.Method, req.URL.Path, resp.StatusCode, err, body)
	}
}

// routesOf lists "METHOD /template" for every route of r that has methods.
func routesOf(t *testing.T, r *mux.Router) []string {
	t.Helper()
	var out []string
	err := r.Walk(func(route *mux.Route, _ *mux.Router, _ []*mux.Route) error {
		tpl, err := route.GetPathTemplate()
		if err != nil {
			return nil // a route without a path (none today)
		}
		methods, err := route.GetMethods()
		if err != nil {
			return nil // the /api/v1 prefix itself
		}
		for _, m := range methods {
			out = append(out, m+" "+tpl)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

func TestOpenAPIDescribesExactlyTheRouter(t *testing.T) {
	h := newHub(t)
	var documented []string
	for path, item := range h.spec.doc.Paths.Map() {
		for method := range item.Operations() {
			documented = append(documented, method+" "+path)
		}
	}
	slices.Sort(documented)
	served := routesOf(t, h.handler.Router())

	for _, route := range served {
		if strings.Contains(route, " /api/v1") && !slices.Contains(documented, route) {
			t.Errorf("%s is served but not documented in openapi.json", route)
		}
	}
	for _, route := range documented {
		if !slices.Contains(served, route) {
			t.Errorf("%s is documented in openapi.json but not served", route)
		}
	}
	if len(documented) < 22 {
		t.Errorf("only %d operations documented; the walk found nothing?", len(documented))
	}
}

func TestOpenAPIIsServed(t *testing.T) {
	h := newHub(t)
	r := h.do("GET", "/api/v1/openapi.json", nil).want(t, http.StatusOK)
	if r.str("openapi") != "3.0.3" || r.json["paths"] == nil {
		t.Fatalf("not the OpenAPI document: %.200s", r.raw)
	}
	if r.raw != string(httpapi.OpenAPI()) {
		t.Error("served document differs from the embedded one")
	}
}
