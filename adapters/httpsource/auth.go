package httpsource

import (
	"encoding/base64"
	"net/http"
	"strings"

	"github.com/sigsentry/hub/adapters/logline"
	"github.com/sigsentry/hub/core"
)

// Auth is how a source proves who it is: a bearer token, an Elasticsearch
// API key or a user name and password (basic auth).
type Auth struct {
	Bearer   string
	APIKey   string
	Username string
	Password string
}

// AuthOptions says which credentials a source type accepts.
type AuthOptions struct {
	Bearer bool // credentials.bearer_token (or credentials.token)
	APIKey bool // credentials.api_key
}

// ReadAuth reads config.username and the credentials of a log source. A
// user name without a password, or two kinds of credentials at once, is a
// mistake named by its key.
func ReadAuth(c *logline.Config, creds map[string]string, o AuthOptions) (Auth, error) {
	a := Auth{Username: c.String("username", ""), Password: creds["password"]}
	if o.Bearer {
		a.Bearer = creds["bearer_token"]
		if a.Bearer == "" {
			a.Bearer = creds["token"]
		}
	}
	if o.APIKey {
		a.APIKey = creds["api_key"]
	}
	for k := range creds {
		switch {
		case k == "password", (k == "bearer_token" || k == "token") && o.Bearer, k == "api_key" && o.APIKey:
		default:
			return Auth{}, core.Invalid("credentials."+k, "is not used by this source type; %s", accepted(o))
		}
	}
	switch {
	case a.Password != "" && a.Username == "":
		return Auth{}, core.Invalid("config.username", "is required with credentials.password")
	case a.Username != "" && a.Password == "":
		return Auth{}, core.Invalid("credentials.password", "is required with config.username")
	case a.Bearer != "" && a.Username != "", a.APIKey != "" && a.Username != "", a.Bearer != "" && a.APIKey != "":
		return Auth{}, core.Invalid("credentials", "set one kind of credentials, not several; %s", accepted(o))
	}
	return a, nil
}

func accepted(o AuthOptions) string {
	kinds := []string{"config.username with credentials.password"}
	if o.Bearer {
		kinds = append(kinds, "credentials.bearer_token")
	}
	if o.APIKey {
		kinds = append(kinds, "credentials.api_key")
	}
	return "use " + strings.Join(kinds, " or ")
}

func (a Auth) apply(req *http.Request) {
	switch {
	case a.Bearer != "":
		req.Header.Set("Authorization", "Bearer "+a.Bearer)
	case a.APIKey != "":
		req.Header.Set("Authorization", "ApiKey "+apiKey(a.APIKey))
	case a.Username != "":
		req.SetBasicAuth(a.Username, a.Password)
	}
}

// apiKey accepts an Elasticsearch API key as Kibana shows it (the encoded
// form) or as "id:api_key", which it encodes.
func apiKey(k string) string {
	if strings.Contains(k, ":") {
		return base64.StdEncoding.EncodeToString([]byte(k))
	}
	return k
}

// hint names the settings to check when the server refuses the credentials.
func (a Auth) hint() string {
	switch {
	case a.Bearer != "":
		return "check credentials.bearer_token"
	case a.APIKey != "":
		return "check credentials.api_key"
	case a.Username != "":
		return "check config.username and credentials.password"
	}
	return "the server wants credentials: set config.username and credentials.password (or a token)"
}

// scrub removes every secret of a from s, in case a server echoes one back
// in an error body.
func (a Auth) scrub(s string) string {
	for _, secret := range []string{a.Bearer, a.APIKey, apiKey(a.APIKey), a.Password,
		base64.StdEncoding.EncodeToString([]byte(a.Username + ":" + a.Password))} {
		if len(secret) >= 4 {
			s = strings.ReplaceAll(s, secret, "[redacted]")
		}
	}
	return s
}
