package loki

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
	DefaultLimit   = 5000
	DefaultTimeout = 60 * time.Second
	// maxLimitBoost caps how far Stream raises the limit to get past more
	// entries at one nanosecond than a page holds.
	maxLimitBoost = 4
)

// Config is a Loki source's settings, read from project.LogSource.
type Config struct {
	URL     *url.URL
	Query   string
	OrgID   string
	Limit   int
	Timeout time.Duration
	Auth    httpsource.Auth
	// ServiceLabels and LevelLabels are the stream labels that name a
	// line's service and level, most preferred first.
	ServiceLabels []string
	LevelLabels   []string
	// Parser reads level, service and message from the line itself when
	// the labels do not say.
	Parser logline.Options
}

// ParseConfig reads and checks a Loki source's configuration; mistakes are
// *core.Error naming config.<key> or credentials.<key>.
func ParseConfig(ls *project.LogSource) (Config, error) {
	c := logline.NewConfig(ls.Config)
	cfg := Config{
		Query:   c.String("query", ""),
		OrgID:   c.String("org_id", ""),
		Limit:   c.Int("limit", DefaultLimit, 1, 100_000),
		Timeout: c.Duration("timeout", DefaultTimeout, time.Second, 10*time.Minute),
		ServiceLabels: orDefault(logline.SplitNames(c.String("service_label", "")),
			[]string{"service_name", "service", "app", "job"}),
		LevelLabels: orDefault(logline.SplitNames(c.String("level_label", "")), []string{"level", "detected_level"}),
	}
	rawURL := c.String("url", "")
	formatName := c.String("format", "auto")
	format, ok := logline.ParseFormat(formatName)
	if !ok {
		c.Fail("format", "must be auto, json, logfmt or text (got %q)", formatName)
	}
	cfg.Parser = c.ParserOptions(format)
	auth, err := httpsource.ReadAuth(c, ls.Credentials, httpsource.AuthOptions{Bearer: true})
	if err != nil {
		return Config{}, err
	}
	cfg.Auth = auth
	if err := c.Err(); err != nil {
		return Config{}, err
	}
	if cfg.URL, err = parseURL(rawURL); err != nil {
		return Config{}, err
	}
	if err := checkQuery(cfg.Query); err != nil {
		return Config{}, err
	}
	return cfg, nil
}

func parseURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if raw == "" || err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, core.Invalid("config.url", "must be the http(s) base URL of Loki, such as http://loki:3100")
	}
	if u.User != nil {
		return nil, core.Invalid("config.url", "must not embed credentials; put them in config.username and credentials.password")
	}
	return u, nil
}

// checkQuery refuses what cannot stream lines: an empty query and metric
// queries (rate(…), count_over_time(…)), which Loki answers with numbers.
func checkQuery(q string) error {
	if q == "" {
		return core.Invalid("config.query", `is required: a LogQL stream selector such as {app="shop"}`)
	}
	if !strings.HasPrefix(q, "{") {
		return core.Invalid("config.query", `must be a log query starting with a stream selector such as {app="shop"}, not a metric query`)
	}
	return nil
}

func (cfg Config) endpoint(client *http.Client) *httpsource.Endpoint {
	e := &httpsource.Endpoint{System: "loki", Base: cfg.URL, Auth: cfg.Auth, Client: client}
	if cfg.OrgID != "" {
		e.Header = http.Header{}
		e.Header.Set("X-Scope-OrgID", cfg.OrgID)
	}
	return e
}

func orDefault(names, def []string) []string {
	if len(names) == 0 {
		return def
	}
	return names
}
