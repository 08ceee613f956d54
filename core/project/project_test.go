package project

import (
	"strings"
	"testing"

	"github.com/sigsentry/hub/core"
)

func TestProjectValidationNamesTheField(t *testing.T) {
	long := strings.Repeat("x", MaxContextLength+1)
	cases := []struct {
		p     Project
		field string
	}{
		{Project{}, "name"},
		{Project{Name: strings.Repeat("n", MaxNameLength+1)}, "name"},
		{Project{Name: "Shop", Slug: "Bad Slug"}, "slug"},
		{Project{Name: "Shop", Context: long}, "context"},
		{Project{Name: "Shop", Services: []Service{{Name: " "}}}, "services[0].name"},
		{Project{Name: "Shop", Services: []Service{{Name: "checkout"}, {Name: "Checkout"}}}, "services[1].name"},
		{Project{Name: "Shop", Services: []Service{{Name: "checkout", Aliases: []string{"pay"}}, {Name: "billing", Aliases: []string{"PAY"}}}}, "services[1].aliases[0]"},
	}
	for _, tc := range cases {
		p := tc.p
		p.Normalize()
		err := p.Validate()
		if core.ErrorCode(err) != core.ErrInvalid || core.ErrorField(err) != tc.field {
			t.Errorf("%+v: got %v (field %q), want field %q", tc.p, err, core.ErrorField(err), tc.field)
		}
	}
}

func TestProjectNormalize(t *testing.T) {
	p := Project{Name: "  Shop (EU) ", Services: []Service{{Name: " checkout ", Aliases: []string{" pay ", ""}}}}
	p.Normalize()
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	if p.Slug != "shop-eu" || p.Name != "Shop (EU)" || p.Services[0].Name != "checkout" ||
		len(p.Services[0].Aliases) != 1 || p.Services[0].Aliases[0] != "pay" {
		t.Errorf("normalized: %+v", p)
	}
}

func TestLogSourceSecretsMoveOutOfConfig(t *testing.T) {
	s := LogSource{Name: "es", Type: "ELASTIC", Config: map[string]any{
		"url": "https://es.internal:9200", "index": "logs-*", "api_key": "k-123", "Password": "pw"}}
	s.Normalize()
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	if _, ok := s.Config["api_key"]; ok {
		t.Error("api_key left in config")
	}
	if s.Credentials["api_key"] != "k-123" || s.Credentials["password"] != "pw" {
		t.Errorf("credentials = %v", s.Credentials)
	}
	if got := strings.Join(s.CredentialKeys(), ","); got != "api_key,password" {
		t.Errorf("CredentialKeys = %s", got)
	}
}

func TestLogSourceValidation(t *testing.T) {
	cases := []struct {
		s     LogSource
		field string
	}{
		{LogSource{Type: "file", Config: map[string]any{"path": "/x"}}, "name"},
		{LogSource{Name: "a"}, "type"},
		{LogSource{Name: "a", Type: "syslog"}, "type"},
		{LogSource{Name: "a", Type: "file"}, "config.path"},
		{LogSource{Name: "a", Type: "file", Config: map[string]any{"path": 3}}, "config.path"},
		{LogSource{Name: "a", Type: "file", Config: map[string]any{"path": "/x", "format": "csv"}}, "config.format"},
		{LogSource{Name: "a", Type: "loki", Config: map[string]any{"url": "ftp://x", "query": "{a=\"b\"}"}}, "config.url"},
		{LogSource{Name: "a", Type: "loki", Config: map[string]any{"url": "https://u:p@x", "query": "{}"}}, "config.url"},
		{LogSource{Name: "a", Type: "loki", Config: map[string]any{"url": "https://x"}}, "config.query"},
		{LogSource{Name: "a", Type: "elastic", Config: map[string]any{"url": "https://x"}}, "config.index"},
		{LogSource{Name: "a", Type: "file", Config: map[string]any{"path": "/x"}, Credentials: map[string]string{"cookie": "c"}}, "credentials.cookie"},
		{LogSource{Name: "a", Type: "file", Config: map[string]any{"path": "/x", "password": 12345}}, "config.password"},
	}
	for _, tc := range cases {
		s := tc.s
		s.Normalize()
		if err := s.Validate(); core.ErrorField(err) != tc.field {
			t.Errorf("%+v: got %v, want field %q", tc.s, err, tc.field)
		}
	}
	ok := LogSource{Name: "app", Type: "file", Config: map[string]any{"path": "/var/log/*.jsonl"}}
	ok.Normalize()
	if err := ok.Validate(); err != nil || ok.Config["format"] != "json" {
		t.Errorf("file source: %v, format %v", err, ok.Config["format"])
	}
}
