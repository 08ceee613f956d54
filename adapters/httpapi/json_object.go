package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"strconv"

	"github.com/sigsentry/hub/core"
)

// object is one JSON object of a request body, read member by member.
// Reading through it gives every error the member's full path in the API's
// spelling ("services[0].name", "config.posting_mode"), which
// json.Decoder.DisallowUnknownFields and json.UnmarshalTypeError cannot do for
// members of arrays and maps. The first error sticks; later reads are no-ops,
// so decoding code reads straight through and checks err once.
type object struct {
	path    string
	members map[string]json.RawMessage
	first   *error // shared with nested objects
}

func parseObject(path string, raw json.RawMessage) (*object, error) {
	var members map[string]json.RawMessage
	if err := json.Unmarshal(raw, &members); err != nil || members == nil {
		return nil, core.Invalid(path, "must be a JSON object")
	}
	return &object{path: path, members: members, first: new(error)}, nil
}

// err returns the first error met while reading.
func (o *object) err() error { return *o.first }

func (o *object) fail(err error) {
	if *o.first == nil {
		*o.first = err
	}
}

func (o *object) name(key string) string {
	if o.path == "" {
		return key
	}
	return o.path + "." + key
}

// allow refuses members other than keys. A misspelt member would otherwise
// be dropped silently and the client would believe it was saved.
func (o *object) allow(keys ...string) {
	var unknown []string
	for k := range o.members {
		if !slices.Contains(keys, k) {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) > 0 {
		slices.Sort(unknown) // a stable answer for the same body
		o.fail(core.Invalid(o.name(unknown[0]), "unknown field"))
	}
}

// has reports whether key is present (null included).
func (o *object) has(key string) bool {
	_, ok := o.members[key]
	return ok
}

// raw returns member key, refusing null: a partial update leaves out what it
// keeps, so null could only be ambiguous.
func (o *object) raw(key string) (json.RawMessage, bool) {
	raw, ok := o.members[key]
	if !ok || o.err() != nil {
		return nil, false
	}
	if bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
		o.fail(core.Invalid(o.name(key), "must not be null; leave the field out instead"))
		return nil, false
	}
	return raw, true
}

// child returns member key as a nested object, or nil when absent.
func (o *object) child(key string) *object {
	raw, ok := o.raw(key)
	if !ok {
		return nil
	}
	c, err := parseObject(o.name(key), raw)
	if err != nil {
		o.fail(err)
		return nil
	}
	c.first = o.first
	return c
}

// elements returns member key as an array of elements, each with its indexed
// path.
func (o *object) elements(key string) (paths []string, items []json.RawMessage, ok bool) {
	raw, ok := o.raw(key)
	if !ok {
		return nil, nil, false
	}
	if err := json.Unmarshal(raw, &items); err != nil {
		o.fail(core.Invalid(o.name(key), "must be an array"))
		return nil, nil, false
	}
	paths = make([]string, len(items))
	for i := range items {
		paths[i] = o.name(key) + "[" + strconv.Itoa(i) + "]"
	}
	return paths, items, true
}

// optional reads member key as a T, returning nil when it is absent.
func optional[T any](o *object, key string) *T {
	raw, ok := o.raw(key)
	if !ok {
		return nil
	}
	v := new(T)
	if err := unmarshalAs(o.name(key), raw, v); err != nil {
		o.fail(err)
		return nil
	}
	return v
}

// value reads member key as a T, returning the zero T when it is absent.
func value[T any](o *object, key string) T {
	if v := optional[T](o, key); v != nil {
		return *v
	}
	var zero T
	return zero
}

// stringList reads an array of strings, naming a wrong element by index.
func stringList(o *object, key string) []string {
	paths, items, ok := o.elements(key)
	if !ok {
		return nil
	}
	out := make([]string, len(items))
	for i, raw := range items {
		if err := unmarshalAs(paths[i], raw, &out[i]); err != nil {
			o.fail(err)
			return nil
		}
	}
	return out
}

// stringMap reads an object of strings, naming a wrong member by key.
func stringMap(o *object, key string) map[string]string {
	c := o.child(key)
	if c == nil {
		return nil
	}
	out := make(map[string]string, len(c.members))
	for k := range c.members {
		if v := optional[string](c, k); v != nil {
			out[k] = *v
		}
	}
	if c.err() != nil {
		return nil
	}
	return out
}

// unmarshalAs decodes raw into dst, turning a type mismatch into an error
// that names field and the JSON type expected.
func unmarshalAs(field string, raw json.RawMessage, dst any) error {
	err := json.Unmarshal(raw, dst)
	if err == nil {
		return nil
	}
	var te *json.UnmarshalTypeError
	if !errors.As(err, &te) {
		return core.Invalid(field, "malformed value")
	}
	// Describe the JSON type expected, whatever Go type (named or not)
	// stands behind it.
	switch reflect.TypeOf(dst).Elem().Kind() {
	case reflect.String:
		return core.Invalid(field, "must be a string (got %s)", te.Value)
	case reflect.Bool:
		return core.Invalid(field, "must be true or false (got %s)", te.Value)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return core.Invalid(field, "must be an integer (got %s)", te.Value)
	case reflect.Float32, reflect.Float64:
		return core.Invalid(field, "must be a number (got %s)", te.Value)
	case reflect.Map, reflect.Struct:
		return core.Invalid(field, "must be an object (got %s)", te.Value)
	case reflect.Slice, reflect.Array:
		return core.Invalid(field, "must be an array (got %s)", te.Value)
	}
	return core.Invalid(field, "has the wrong type (got %s)", te.Value)
}
