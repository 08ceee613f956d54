package elastic

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/sigsentry/hub/adapters/httpsource"
	"github.com/sigsentry/hub/adapters/logline"
	"github.com/sigsentry/hub/core"
	"github.com/sigsentry/hub/core/project"
)

// Defaults of the settings.
const (
	DefaultTimeField = "@timestamp"
	DefaultPageSize  = 1000
	DefaultTimeout   = 60 * time.Second
)

// maxResultWindow is index.max_result_window's default: no page may be
// larger, search_after or not. A variable so that tests can lower it.
var maxResultWindow = 10_000

// Config is an Elasticsearch or OpenSearch source's settings.
type Config struct {
	URL   *url.URL
	Index string
	// TimeField is the date field the window filters and sorts on.
	TimeField string
	// Query is an optional query_string (Lucene syntax) filter.
	Query    string
	PageSize int
	// Tiebreaker is an optional field with a unique value per document
	// (keyword, doc values), for exact search_after paging; see doc.go.
	Tiebreaker string
	Timeout    time.Duration
	Auth       httpsource.Auth
	// Parser reads the document (_source), with the field names as paths.
	Parser logline.Options
}

// ParseConfig reads and checks a source's configuration; mistakes are
// *core.Error naming config.<key> or credentials.<key>.
func ParseConfig(ls *project.LogSource) (Config, error) {
	c := logline.NewConfig(ls.Config)
	cfg := Config{
		Index:      c.String("index", ""),
		TimeField:  c.String("time_field", DefaultTimeField),
		Query:      c.String("query", ""),
		PageSize:   c.Int("page_size", DefaultPageSize, 1, maxResultWindow),
		Tiebreaker: c.String("tiebreaker", ""),
		Timeout:    c.Duration("timeout", DefaultTimeout, time.Second, 10*time.Minute),
	}
	rawURL := c.String("url", "")
	cfg.Parser = logline.Options{
		Format: logline.JSON,
		Fields: logline.Fields{
			Time:    []string{cfg.TimeField},
			Level:   orDefault(c.String("level_field", ""), "log.level", "level", "severity", "log.severity"),
			Service: orDefault(c.String("service_field", ""), "service.name", "service", "app", "kubernetes.container.name"),
			Message: orDefault(c.String("message_field", ""), "message", "msg", "log"),
		},
		Service: c.String("service", ""),
	}
	auth, err := httpsource.ReadAuth(c, ls.Credentials, httpsource.AuthOptions{APIKey: true})
	if err != nil {
		return Config{}, err
	}
	cfg.Auth = auth
	if err := c.Err(); err != nil {
		return Config{}, err
	}
	u, err := url.Parse(rawURL)
	switch {
	case rawURL == "" || err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
		return Config{}, core.Invalid("config.url", "must be the http(s) URL of Elasticsearch or OpenSearch, such as https://es:9200")
	case u.User != nil:
		return Config{}, core.Invalid("config.url", "must not embed credentials; put them in config.username and credentials.password")
	case cfg.Index == "":
		return Config{}, core.Invalid("config.index", "is required: an index, alias or pattern such as logs-*")
	case strings.ContainsAny(cfg.Index, "/?#\\ \"<>|"):
		return Config{}, core.Invalid("config.index", "is not an index name or pattern (got %q)", cfg.Index)
	case strings.ContainsAny(cfg.TimeField, ", "):
		return Config{}, core.Invalid("config.time_field", "must be one field, the one to filter and sort on")
	}
	cfg.URL = u
	return cfg, nil
}

func (cfg Config) endpoint(client *http.Client) *httpsource.Endpoint {
	return &httpsource.Endpoint{System: "elasticsearch", Base: cfg.URL, Auth: cfg.Auth, Client: client, ErrorDetail: errorDetail}
}

// orDefault returns the configured names, or def when none is configured.
func orDefault(configured string, def ...string) []string {
	if names := logline.SplitNames(configured); len(names) > 0 {
		return names
	}
	return def
}
