package dashboard

import (
	"encoding/json"
	"maps"
	"net/url"
	"slices"
	"strings"

	"github.com/sigsentry/hub/core"
	"github.com/sigsentry/hub/core/project"
)

// credentialNames are the credential names offered in the form; the core
// decides which it accepts (project.LogSource.Validate) and says so by field.
var credentialNames = []string{"api_key", "bearer_token", "password", "token", "access_token", "client_secret", "secret"}

// typedKeys are the configuration keys the form has fields for, per source
// type. Every other key (time_field, time_layout, …) is edited as a line of
// "Advanced settings".
var typedKeys = map[string][]string{
	project.SourceFile:    {"path", "format"},
	project.SourceLoki:    {"url", "query"},
	project.SourceElastic: {"url", "index"},
}

// sourceForm is a log source form as typed. Secrets never enter it: the
// credential value is write-only and not rendered back.
type sourceForm struct {
	Type, Name string
	Config     map[string]string // the typed keys
	// Advanced holds the other keys, one "key = value" per line.
	Advanced       string
	CredentialName string
	credential     string
	remove         []string
}

func formFromSource(s *project.LogSource) sourceForm {
	f := sourceForm{Type: s.Type, Name: s.Name, Config: map[string]string{}}
	for _, k := range typedKeys[s.Type] {
		f.Config[k], _ = s.Config[k].(string)
	}
	var lines []string
	for _, k := range slices.Sorted(maps.Keys(s.Config)) {
		if slices.Contains(typedKeys[s.Type], k) {
			continue
		}
		v, isString := s.Config[k].(string)
		if !isString {
			raw, err := json.Marshal(s.Config[k])
			if err != nil {
				continue
			}
			v = string(raw)
		}
		lines = append(lines, k+" = "+v)
	}
	f.Advanced = strings.Join(lines, "\n")
	return f
}

func parseSourceForm(typ string, form url.Values) sourceForm {
	f := sourceForm{Type: typ, Name: form.Get("name"), Config: map[string]string{},
		Advanced:       strings.TrimSpace(form.Get("advanced")),
		CredentialName: form.Get("credential_name"), credential: form.Get("credential_value"),
		remove: form["remove_credential"]}
	for _, k := range typedKeys[typ] {
		f.Config[k] = strings.TrimSpace(form.Get("config." + k))
	}
	return f
}

// config is the whole configuration the form describes: the typed keys
// and the advanced lines. A value that reads as JSON (a number, true, an
// object) is stored as such, anything else as a string.
func (f sourceForm) config() (map[string]any, error) {
	cfg := map[string]any{}
	for n, line := range strings.Split(f.Advanced, "\n") {
		if line = strings.TrimSpace(line); line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		if !ok || k == "" {
			return nil, core.Invalid("advanced", "line %d: write key = value", n+1)
		}
		var parsed any
		if err := json.Unmarshal([]byte(v), &parsed); err == nil && v != "" {
			cfg[k] = parsed
		} else {
			cfg[k] = v
		}
	}
	for k, v := range f.Config {
		if v != "" {
			cfg[k] = v
		}
	}
	return cfg, nil
}

// credentials are the changes to the stored credentials: "" removes one.
func (f sourceForm) credentials() map[string]string {
	out := map[string]string{}
	for _, k := range f.remove {
		out[k] = ""
	}
	if f.credential != "" && f.CredentialName != "" {
		out[f.CredentialName] = f.credential
	}
	return out
}

// input maps the core's field names (and the sampler's) onto the form's
// inputs: credentials to the credential field, keys without a field of
// their own to the advanced settings.
func (f sourceForm) input(field string) string {
	key, isConfig := strings.CutPrefix(field, "config.")
	switch {
	case strings.HasPrefix(field, "credentials."),
		isConfig && slices.Contains(credentialNames, strings.ToLower(key)):
		return "credential_value"
	case isConfig && !slices.Contains(typedKeys[f.Type], key):
		return "advanced"
	}
	return field
}
