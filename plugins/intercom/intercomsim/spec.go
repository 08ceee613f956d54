package intercomsim

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
	"gopkg.in/yaml.v3"
)

// The official descriptions, copied byte for byte from intercom/Intercom-OpenAPI at commit
// 8889625a7b931d8649e18726e7f872ff073520fc (MIT, see spec/LICENSE). They are embedded so that
// the simulator binary works on its own.
var (
	//go:embed spec/api.intercom.io.2.16.yaml
	restSpecYAML []byte
	//go:embed spec/canvas-kit-schemas.from-2.11.yaml
	canvasSpecYAML []byte
)

// restAPI is the parsed 2.16 description and a router over its paths.
type restAPI struct {
	doc    *openapi3.T
	router routers.Router
	// LoadTime is what parsing and resolving took, reported by SpecLoadTime.
	loadTime time.Duration
}

var (
	restOnce sync.Once
	restSpec *restAPI
	restErr  error
)

// loadREST parses the 2.16 description once per process, so every Sim in a test binary
// shares the result; the document is only read after loading, which makes sharing safe.
// Loading all of it (1.3 MB of YAML, 231 operations, 338 schemas) took 0.45 s on the 2-core
// CI machines and 4 s under -race; pruneREST brings that down (see README.md for figures).
func loadREST() (*restAPI, error) {
	restOnce.Do(func() {
		start := time.Now()
		doc, err := loadDoc(restSpecYAML, func(root map[string]any) {
			patchREST(root)
			pruneREST(root)
		})
		if err != nil {
			restErr = fmt.Errorf("intercomsim: load OpenAPI 2.16: %w", err)
			return
		}
		// The servers are api.intercom.io and its regional twins; the simulator answers on any
		// host, so route on paths alone.
		doc.Servers = nil
		router, err := gorillamux.NewRouter(doc)
		if err != nil {
			restErr = fmt.Errorf("intercomsim: route OpenAPI 2.16: %w", err)
			return
		}
		restSpec = &restAPI{doc: doc, router: router, loadTime: time.Since(start)}
	})
	return restSpec, restErr
}

// SpecLoadTime parses the embedded 2.16 description if no Sim has done so yet and reports how
// long the one parse took.
func SpecLoadTime() (time.Duration, error) {
	api, err := loadREST()
	if err != nil {
		return 0, err
	}
	return api.loadTime, nil
}

// loadDoc turns YAML into an OpenAPI document after two repairs: patch, if given, edits the
// raw tree, and fixNullableRefs rewrites "$ref + nullable" pairs.
func loadDoc(src []byte, patch func(root map[string]any)) (*openapi3.T, error) {
	var root map[string]any
	if err := yaml.Unmarshal(src, &root); err != nil {
		return nil, fmt.Errorf("parse YAML: %w", err)
	}
	if patch != nil {
		patch(root)
	}
	fixNullableRefs(root)
	js, err := json.Marshal(root)
	if err != nil {
		return nil, fmt.Errorf("re-encode as JSON: %w", err)
	}
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(js)
	if err != nil {
		return nil, fmt.Errorf("resolve: %w", err)
	}
	return doc, nil
}

// fixNullableRefs works around a bug of the descriptions (spec quirk 1 in README.md). They
// write `{$ref: X, nullable: true}` in 17 places of 2.16 (conversation.ai_agent,
// conversation_part.assigned_to, .email_message_metadata, .event_details, .metadata,
// admin_with_app.app, ...). OpenAPI 3.0 ignores every sibling of $ref, so read literally these
// fields may not be null, yet Intercom's own examples return null for them. The intent is
// plain, so the pair becomes `{allOf: [{$ref: X}], nullable: true}`, which says the same in
// valid 3.0.
func fixNullableRefs(v any) {
	switch t := v.(type) {
	case map[string]any:
		if ref, ok := t["$ref"]; ok {
			if nullable, _ := t["nullable"].(bool); nullable {
				delete(t, "$ref")
				t["allOf"] = []any{map[string]any{"$ref": ref}}
			}
		}
		for _, child := range t {
			fixNullableRefs(child)
		}
	case []any:
		for _, child := range t {
			fixNullableRefs(child)
		}
	}
}

// patchREST works around spec quirk 2 (README.md): admin_reply_conversation_request types
// admin_id as a string, while the description's own request example, recorded against the
// live API, sends the integer 991267696 and gets a note back. Intercom accepts both, so the
// simulator does too; a client is not at fault for following Intercom's example.
func patchREST(root map[string]any) {
	admin := dig(root, "components", "schemas", "admin_reply_conversation_request", "properties")
	if admin != nil {
		admin["admin_id"] = map[string]any{
			"description": "The id of the admin who is authoring the comment (string; integers accepted as Intercom does).",
			"anyOf":       []any{map[string]any{"type": "string"}, map[string]any{"type": "integer"}},
		}
	}
}

// pruneREST drops what validation of the simulated operations never reads: the request and
// response definitions of the operations the simulator does not serve (they stay routable,
// so a call to one is recognised and recorded as ViolationUnsimulated), every example, and
// the schemas nothing kept refers to. What remains is the official text, unchanged.
func pruneREST(root map[string]any) {
	paths, _ := root["paths"].(map[string]any)
	for _, item := range paths {
		for method, op := range item.(map[string]any) {
			m, ok := op.(map[string]any)
			id, _ := m["operationId"].(string)
			if !ok || method == "parameters" || handlers[id] != nil {
				continue
			}
			item.(map[string]any)[method] = map[string]any{
				"operationId": id,
				"responses":   map[string]any{"default": map[string]any{"description": "not simulated"}},
			}
		}
	}
	stripExamples(root)
	schemas := dig(root, "components", "schemas")
	reach := map[string]bool{}
	var walk func(v any)
	walk = func(v any) {
		switch t := v.(type) {
		case map[string]any:
			if ref, ok := t["$ref"].(string); ok {
				name, found := strings.CutPrefix(ref, "#/components/schemas/")
				if found && !reach[name] {
					reach[name] = true
					walk(schemas[name])
				}
			}
			for _, c := range t {
				walk(c)
			}
		case []any:
			for _, c := range t {
				walk(c)
			}
		}
	}
	for k, v := range root {
		if k != "components" {
			walk(v)
		}
	}
	for k, v := range dig(root, "components") {
		if k != "schemas" {
			walk(v)
		}
	}
	for name := range schemas {
		if !reach[name] {
			delete(schemas, name)
		}
	}
}

// stripExamples removes example and examples keywords, but not properties of those names.
func stripExamples(v any) {
	switch t := v.(type) {
	case map[string]any:
		for k, c := range t {
			if k == "properties" {
				for _, prop := range asMap(c) {
					stripExamples(prop)
				}
				continue
			}
			if k == "example" || k == "examples" {
				delete(t, k)
				continue
			}
			stripExamples(c)
		}
	case []any:
		for _, c := range t {
			stripExamples(c)
		}
	}
}

// dig walks nested maps by key and returns the map at the end, or nil.
func dig(root map[string]any, keys ...string) map[string]any {
	cur := root
	for _, k := range keys {
		next, ok := cur[k].(map[string]any)
		if !ok {
			return nil
		}
		cur = next
	}
	return cur
}

// schema returns a named component schema of the 2.16 description.
func (api *restAPI) schema(name string) *openapi3.Schema {
	ref := api.doc.Components.Schemas[name]
	if ref == nil {
		return nil
	}
	return ref.Value
}

// checkJSON validates a JSON document against a named component schema.
func (api *restAPI) checkJSON(schemaName string, body []byte) error {
	s := api.schema(schemaName)
	if s == nil {
		return fmt.Errorf("no schema %q in the description", schemaName)
	}
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		return fmt.Errorf("decode JSON: %w", err)
	}
	if err := s.VisitJSON(v, openapi3.MultiErrors()); err != nil {
		return fmt.Errorf("%s: %s", schemaName, strings.Join(schemaProblems(err, ""), "; "))
	}
	return nil
}
