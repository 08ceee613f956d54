package httpapi_test

import (
	"net/http"
	"testing"
)

func TestProjectLifecycle(t *testing.T) {
	h := newHub(t)
	created := h.do("POST", "/api/v1/projects", map[string]any{
		"name":     "Shop (EU)",
		"services": []any{map[string]any{"name": "checkout", "aliases": []string{"payment", "cart"}, "critical_path": true}},
		"context":  "An online shop.",
	}).want(t, http.StatusCreated)
	id := created.str("id")
	if id == "" || created.str("slug") != "shop-eu" || created.str("context") != "An online shop." {
		t.Fatalf("created project: %s", created.raw)
	}

	got := h.do("GET", "/api/v1/projects/"+id, nil).want(t, http.StatusOK)
	if got.str("name") != "Shop (EU)" || len(got.json["services"].([]any)) != 1 {
		t.Fatalf("got project: %s", got.raw)
	}

	// PATCH changes only the members present.
	patched := h.do("PATCH", "/api/v1/projects/"+id, map[string]any{"context": "Shoes."}).want(t, http.StatusOK)
	if patched.str("context") != "Shoes." || patched.str("name") != "Shop (EU)" || patched.str("slug") != "shop-eu" {
		t.Fatalf("patch changed more than context: %s", patched.raw)
	}
	if services := patched.json["services"].([]any); len(services) != 1 {
		t.Fatalf("patch without services dropped the catalog: %s", patched.raw)
	}
	cleared := h.do("PATCH", "/api/v1/projects/"+id, map[string]any{"services": []any{}}).want(t, http.StatusOK)
	if services := cleared.json["services"].([]any); len(services) != 0 {
		t.Fatalf("services [] did not clear the catalog: %s", cleared.raw)
	}

	h.do("DELETE", "/api/v1/projects/"+id, nil).want(t, http.StatusNoContent)
	h.do("GET", "/api/v1/projects/"+id, nil).wantError(t, http.StatusNotFound, "not_found", "")
}

func TestProjectValidationNamesTheField(t *testing.T) {
	h := newHub(t)
	id := h.createProject("Shop")
	for _, tc := range []struct {
		name, method, path string
		body               any
		field              string
	}{
		{"missing name", "POST", "/api/v1/projects", `{"services":[]}`, "name"},
		{"service without name", "POST", "/api/v1/projects", `{"name":"Shop","services":[{"name":"a"},{"name":""}]}`, "services[1].name"},
		{"first service without name", "POST", "/api/v1/projects", `{"name":"Shop","services":[{"name":" "}]}`, "services[0].name"},
		{"alias of the wrong type", "POST", "/api/v1/projects", `{"name":"Shop","services":[{"name":"a","aliases":["x",5]}]}`, "services[0].aliases[1]"},
		{"unknown member of a service", "POST", "/api/v1/projects", `{"name":"Shop","services":[{"name":"a","criticalpath":true}]}`, "services[0].criticalpath"},
		{"services not an array", "POST", "/api/v1/projects", `{"name":"Shop","services":{"name":"a"}}`, "services"},
		{"service not an object", "POST", "/api/v1/projects", `{"name":"Shop","services":["checkout"]}`, "services[0]"},
		{"name of the wrong type", "POST", "/api/v1/projects", `{"name":5}`, "name"},
		{"critical_path of the wrong type", "POST", "/api/v1/projects", `{"name":"Shop","services":[{"name":"a","critical_path":"yes"}]}`, "services[0].critical_path"},
		{"unknown top-level member", "POST", "/api/v1/projects", `{"name":"Shop","contxt":"x"}`, "contxt"},
		{"bad slug", "POST", "/api/v1/projects", `{"name":"Shop","slug":"Not A Slug"}`, "slug"},
		{"null", "PATCH", "/api/v1/projects/" + id, `{"name":null}`, "name"},
		{"empty name", "PATCH", "/api/v1/projects/" + id, `{"name":""}`, "name"},
		{"alias claimed twice", "PATCH", "/api/v1/projects/" + id, `{"services":[{"name":"a","aliases":["x"]},{"name":"b","aliases":["x"]}]}`, "services[1].aliases[0]"},
		{"unknown patch member", "PATCH", "/api/v1/projects/" + id, `{"id":"prj_other"}`, "id"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h.do(tc.method, tc.path, tc.body).wantError(t, http.StatusBadRequest, "invalid", tc.field)
		})
	}
	// A refused PATCH leaves the project as it was.
	if got := h.do("GET", "/api/v1/projects/"+id, nil).want(t, http.StatusOK); got.str("name") != "Shop" {
		t.Fatalf("refused patch changed the project: %s", got.raw)
	}
}

func TestProjectsNotFound(t *testing.T) {
	h := newHub(t)
	const missing = "/api/v1/projects/prj_00000000000000000000000000"
	h.do("GET", missing, nil).wantError(t, http.StatusNotFound, "not_found", "")
	h.do("PATCH", missing, `{"name":"x"}`).wantError(t, http.StatusNotFound, "not_found", "")
	h.do("DELETE", missing, nil).wantError(t, http.StatusNotFound, "not_found", "")
}

func TestProjectsArePaged(t *testing.T) {
	h := newHub(t)
	ids := map[string]bool{}
	for _, name := range []string{"One", "Two", "Three"} {
		ids[h.createProject(name)] = true
	}
	first := h.do("GET", "/api/v1/projects?limit=2", nil).want(t, http.StatusOK)
	if len(first.items()) != 2 || first.str("next_cursor") == "" {
		t.Fatalf("first page: %s", first.raw)
	}
	second := h.do("GET", "/api/v1/projects?limit=2&after="+first.str("next_cursor"), nil).want(t, http.StatusOK)
	if len(second.items()) != 1 || second.str("next_cursor") != "" {
		t.Fatalf("second page: %s", second.raw)
	}
	if _, ok := second.json["next_cursor"]; !ok {
		t.Error("the last page must still carry next_cursor")
	}
	for _, page := range []reply{first, second} {
		for _, item := range page.items() {
			delete(ids, item.(map[string]any)["id"].(string))
		}
	}
	if len(ids) != 0 {
		t.Errorf("projects missing from the pages: %v", ids)
	}

	h.do("GET", "/api/v1/projects?limit=0", nil).wantError(t, http.StatusBadRequest, "invalid", "limit")
	h.do("GET", "/api/v1/projects?limit=ten", nil).wantError(t, http.StatusBadRequest, "invalid", "limit")
	h.do("GET", "/api/v1/projects?limit=1&limit=2", nil).wantError(t, http.StatusBadRequest, "invalid", "limit")
	h.do("GET", "/api/v1/projects?page=2", nil).wantError(t, http.StatusBadRequest, "invalid", "page")
	// A limit above the maximum is capped, not refused.
	h.do("GET", "/api/v1/projects?limit=100000", nil).want(t, http.StatusOK)
}

func TestEmptyListsAreArrays(t *testing.T) {
	h := newHub(t)
	r := h.do("GET", "/api/v1/projects", nil).want(t, http.StatusOK)
	if r.raw != "{\"items\":[],\"next_cursor\":\"\"}\n" {
		t.Fatalf("empty listing: %q", r.raw)
	}
}
