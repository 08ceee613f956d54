package intercomsim

import (
	"encoding/json"
	"fmt"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
)

// Canvas Kit schemas exist only in the 2.11 description (FACTS §5.5); the extract in
// spec/canvas-kit-schemas.from-2.11.yaml is loaded once, with the repairs below.

var (
	canvasOnce   sync.Once
	canvasDoc    *openapi3.T
	canvasDocErr error
)

func loadCanvas() (*openapi3.T, error) {
	canvasOnce.Do(func() {
		doc, err := loadDoc(canvasSpecYAML, patchCanvas)
		if err != nil {
			canvasDocErr = fmt.Errorf("intercomsim: load Canvas Kit schemas: %w", err)
			return
		}
		canvasDoc = doc
	})
	return canvasDoc, canvasDocErr
}

// patchCanvas makes the extract loadable and fixes what contradicts Intercom's own material
// (spec quirks 5–7 in README.md):
//   - the extract is schemas only; an OpenAPI envelope is added around them;
//   - conversation and contact refer to a custom_attributes schema 2.11 does not define;
//     2.16's meaning (an object of attribute values) is supplied;
//   - checkbox requires `option`, but the official Inbox tutorial sends `options`: either
//     is accepted (FACTS §5.5 "test both");
//   - list items are oneOf(list_item_with_image, list_item_without_image), and an item with an
//     image matches both, so every list with an image would be refused. The intent is kept
//     without the oneOf: an item is a list_item, and one with an image has its width and
//     height.
func patchCanvas(root map[string]any) {
	root["openapi"] = "3.0.1"
	root["info"] = map[string]any{"title": "Canvas Kit (from Intercom API 2.11)", "version": "2.11"}
	root["paths"] = map[string]any{}
	schemas := dig(root, "components", "schemas")
	if schemas == nil {
		return
	}
	if _, ok := schemas["custom_attributes"]; !ok {
		schemas["custom_attributes"] = map[string]any{"type": "object", "additionalProperties": true}
	}
	if cb, _ := schemas["checkbox_component"].(map[string]any); cb != nil {
		if props, _ := cb["properties"].(map[string]any); props != nil && props["option"] != nil {
			props["options"] = props["option"]
		}
		cb["required"] = []any{"type", "id", "label"}
		// allOf, not a sibling anyOf: kin-openapi checks xOf keywords first and stops there,
		// which would hide a type mismatch from the oneOf of components.
		schemas["checkbox_component"] = map[string]any{
			"title": cb["title"],
			"allOf": []any{cb, map[string]any{"anyOf": []any{
				map[string]any{"required": []any{"option"}},
				map[string]any{"required": []any{"options"}},
			}}},
		}
	}
	if list := dig(schemas, "list_component", "properties", "items"); list != nil {
		list["items"] = map[string]any{"allOf": []any{
			map[string]any{"$ref": "#/components/schemas/list_item_without_image"},
			// what list_item_with_image adds: an image needs its width and height
			map[string]any{"anyOf": []any{
				map[string]any{"not": map[string]any{"required": []any{"image"}}},
				map[string]any{"required": []any{"image", "image_width", "image_height"}},
			}},
		}}
	}
}

// maxCanvasBytes is the documented limit for content and for stored_data (FACTS §5.3).
const maxCanvasBytes = 64 << 10

// ValidateCanvasResponse checks the body of an answer to a Canvas Kit initialize (submit
// false) or submit (submit true) request against the Canvas Kit schemas and the Inbox's
// rules, and returns one line per problem; none means Intercom would render it. It is what
// CanvasInitialize and CanvasSubmit apply; plugins can call it on their own output.
func ValidateCanvasResponse(body []byte, submit bool) ([]string, error) {
	doc, err := loadCanvas()
	if err != nil {
		return nil, err
	}
	name := "initialize_response"
	if submit {
		name = "submit_response"
	}
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		return []string{"body is not JSON: " + err.Error()}, nil
	}
	var out []string
	if err := doc.Components.Schemas[name].Value.VisitJSON(v, openapi3.MultiErrors()); err != nil {
		out = append(out, schemaProblems(err, "")...)
	}
	return append(out, inboxRules(v)...), nil
}

// inboxRules are limits the schemas do not express: Messenger-only features and sizes.
func inboxRules(v any) []string {
	var out []string
	canvas := dig(asMap(v), "canvas")
	if canvas == nil {
		return nil
	}
	if _, ok := canvas["content_url"]; ok {
		out = append(out, "/canvas/content_url: live canvases are Messenger-only; the Inbox needs canvas.content")
	}
	for _, key := range []string{"content", "stored_data"} {
		if b, _ := json.Marshal(canvas[key]); len(b) > maxCanvasBytes {
			out = append(out, fmt.Sprintf("/canvas/%s: %d bytes, more than the 64 KB Intercom accepts", key, len(b)))
		}
	}
	walkJSON(canvas["content"], "/canvas/content", func(path string, m map[string]any) {
		if m["type"] == "sheet" {
			out = append(out, path+": sheet actions are Messenger-only")
		}
	})
	return out
}

func asMap(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

// walkJSON calls f for every object in a decoded JSON tree, with its JSON pointer.
func walkJSON(v any, path string, f func(path string, m map[string]any)) {
	switch t := v.(type) {
	case map[string]any:
		f(path, t)
		for k, c := range t {
			walkJSON(c, path+"/"+k, f)
		}
	case []any:
		for i, c := range t {
			walkJSON(c, fmt.Sprintf("%s/%d", path, i), f)
		}
	}
}
