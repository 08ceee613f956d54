package project

import (
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/sigsentry/hub/core"
)

// Limits that keep a project readable by a person and cheap for triage, which
// matches every conversation against the whole catalog.
const (
	MaxNameLength    = 100
	MaxContextLength = 2000
	MaxServices      = 200
	MaxAliases       = 20
)

// Project is one product or system whose logs SigSentry analyses.
type Project struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	Slug      string    `json:"slug"`
	Services  []Service `json:"services"`
	Context   string    `json:"context"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Service is one entry of a project's service catalog. Triage recognises it
// in customer text by its name or any alias.
type Service struct {
	Name    string   `json:"name"`
	Aliases []string `json:"aliases"`
	// CriticalPath marks services whose failure stops customers from paying or
	// using the product at all; triage raises severity when they are named.
	CriticalPath bool `json:"critical_path"`
}

var slugPattern = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)

// Slugify derives a URL-safe slug from a name: "Shop (EU)" → "shop-eu".
func Slugify(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
			dash = false
		case b.Len() > 0 && !dash:
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

// Normalize trims whitespace and fills derived fields (slug, empty alias
// lists) so that stored projects always have the same shape.
func (p *Project) Normalize() {
	p.Name = strings.TrimSpace(p.Name)
	p.Slug = strings.TrimSpace(p.Slug)
	if p.Slug == "" {
		p.Slug = Slugify(p.Name)
	}
	p.Context = strings.TrimSpace(p.Context)
	if p.Services == nil {
		p.Services = []Service{}
	}
	for i := range p.Services {
		s := &p.Services[i]
		s.Name = strings.TrimSpace(s.Name)
		aliases := make([]string, 0, len(s.Aliases))
		for _, a := range s.Aliases {
			if a = strings.TrimSpace(a); a != "" {
				aliases = append(aliases, a)
			}
		}
		s.Aliases = aliases
	}
}

// Validate checks every rule and names the first offending field.
func (p *Project) Validate() error {
	switch {
	case p.Name == "":
		return core.Invalid("name", "is required")
	case utf8.RuneCountInString(p.Name) > MaxNameLength:
		return core.Invalid("name", "must be at most %d characters", MaxNameLength)
	case !slugPattern.MatchString(p.Slug):
		return core.Invalid("slug", "must be lowercase letters, digits and single dashes (got %q)", p.Slug)
	case len(p.Slug) > MaxNameLength:
		return core.Invalid("slug", "must be at most %d characters", MaxNameLength)
	case utf8.RuneCountInString(p.Context) > MaxContextLength:
		return core.Invalid("context", "must be at most %d characters (got %d)", MaxContextLength, utf8.RuneCountInString(p.Context))
	case len(p.Services) > MaxServices:
		return core.Invalid("services", "at most %d services per project", MaxServices)
	}
	return validateServices(p.Services)
}

// validateServices insists that every name and alias points at exactly one
// service: triage could not tell "payment" apart otherwise.
func validateServices(services []Service) error {
	seen := map[string]string{}
	claim := func(field, word, owner string) error {
		key := strings.ToLower(word)
		if prev, ok := seen[key]; ok && prev != owner {
			return core.Invalid(field, "%q is already used by service %q", word, prev)
		} else if ok {
			return core.Invalid(field, "%q is listed twice", word)
		}
		seen[key] = owner
		return nil
	}
	for i, s := range services {
		field := "services[" + itoa(i) + "]"
		switch {
		case s.Name == "":
			return core.Invalid(field+".name", "is required")
		case utf8.RuneCountInString(s.Name) > MaxNameLength:
			return core.Invalid(field+".name", "must be at most %d characters", MaxNameLength)
		case len(s.Aliases) > MaxAliases:
			return core.Invalid(field+".aliases", "at most %d aliases per service", MaxAliases)
		}
		if err := claim(field+".name", s.Name, s.Name); err != nil {
			return err
		}
		for j, a := range s.Aliases {
			if utf8.RuneCountInString(a) > MaxNameLength {
				return core.Invalid(field+".aliases["+itoa(j)+"]", "must be at most %d characters", MaxNameLength)
			}
			if err := claim(field+".aliases["+itoa(j)+"]", a, s.Name); err != nil {
				return err
			}
		}
	}
	return nil
}

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}
