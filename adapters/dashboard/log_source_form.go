package dashboard

import (
	"encoding/json"
	"maps"
	"net/url"
	"slices"
	"strings"

	"github.com/sigsentry/hub/core/project"
)

// credentialNames are the credential names offered in the form; the core
// decides which it accepts (project.LogSource.Validate) and says so by field.
var credentialNames = []string{"api_key", "bearer_token", "password", "token", "access_token", "client_secret", "secret"}

// typedKeys are the configuration keys the form edits, per source type.
// Other keys (set through the API) are kept as they are and listed.
var typedKeys = map[string][]string{
	project.SourceFile:    {"path", "format"},
	project.SourceLoki:    {"url", "query"},
	project.SourceElastic: {"url", "index"},
}

// sourceForm is a log source form as typed. Secrets never enter it: the
// credential value is write-only and not rendered back.
type sourceForm struct {
	Type, Name     string
	Config         map[string]string // the typed keys
	CredentialName string
	credential     string
	remove         []string
}

func formFromSource(s *project.LogSource) sourceForm {
	f := sourceForm{Type: s.Type, Name: s.Name, Config: map[string]string{}}
	for _, k := range typedKeys[s.Type] {
		f.Config[k], _ = s.Config[k].(string)
	}
	return f
}

func parseSourceForm(typ string, form url.Values) sourceForm {
	f := sourceForm{Type: typ, Name: form.Get("name"), Config: map[string]string{},
		CredentialName: form.Get("credential_name"), credential: form.Get("credential_value"),
		remove: form["remove_credential"]}
	for _, k := range typedKeys[typ] {
		f.Config[k] = strings.TrimSpace(form.Get("config." + k))
	}
	return f
}

// config merges the typed keys into base (the stored configuration, or
// nothing for a new source), keeping keys the form does not know.
func (f sourceForm) config(base map[string]any) map[string]any {
	cfg := maps.Clone(base)
	if cfg == nil {
		cfg = map[string]any{}
	}
	for k, v := range f.Config {
		if v == "" {
			delete(cfg, k)
		} else {
			cfg[k] = v
		}
	}
	return cfg
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

// sourceInput maps the core's field names onto the form's inputs.
func sourceInput(field string) string {
	switch {
	case strings.HasPrefix(field, "credentials."):
		return "credential_value"
	case strings.HasPrefix(field, "config."):
		key := strings.TrimPrefix(field, "config.")
		if slices.Contains(credentialNames, strings.ToLower(key)) {
			return "credential_value"
		}
		return field
	}
	return field
}

// setting is a configuration key the form does not edit, shown as is.
type setting struct{ Key, Value string }

// otherSettings lists the configuration keys outside the form, sorted.
func otherSettings(s *project.LogSource) []setting {
	var out []setting
	for _, k := range slices.Sorted(maps.Keys(s.Config)) {
		if slices.Contains(typedKeys[s.Type], k) {
			continue
		}
		raw, err := json.Marshal(s.Config[k])
		if err != nil {
			continue
		}
		out = append(out, setting{Key: k, Value: string(raw)})
	}
	return out
}
