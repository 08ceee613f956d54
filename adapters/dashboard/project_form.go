package dashboard

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/sigsentry/hub/core/project"
)

// The service catalog is edited as a table of rows without JavaScript: each
// row is one service, blank rows add services, clearing a row's name and
// aliases removes it, and "Add rows" re-renders with more blank rows.
const (
	blankServiceRows = 2
	moreServiceRows  = 3
	maxServiceRows   = project.MaxServices + 20
)

// projectForm is the project form as typed, kept verbatim for re-rendering.
type projectForm struct {
	Name, Slug, Context string
	Services            []serviceRow
}

// serviceRow is one row of the catalog table.
type serviceRow struct {
	Index    int
	Name     string
	Aliases  string // comma-separated
	Critical bool
}

func formFromProject(p *project.Project) projectForm {
	f := projectForm{Name: p.Name, Slug: p.Slug, Context: p.Context}
	for i, s := range p.Services {
		f.Services = append(f.Services, serviceRow{Index: i, Name: s.Name,
			Aliases: strings.Join(s.Aliases, ", "), Critical: s.CriticalPath})
	}
	return f.withBlankRows(blankServiceRows)
}

func (f projectForm) withBlankRows(n int) projectForm {
	for i := 0; i < n && len(f.Services) < maxServiceRows; i++ {
		f.Services = append(f.Services, serviceRow{Index: len(f.Services)})
	}
	return f
}

// parseProjectForm reads the posted form.
func parseProjectForm(form url.Values) projectForm {
	f := projectForm{Name: form.Get("name"), Slug: form.Get("slug"), Context: form.Get("context")}
	rows, _ := strconv.Atoi(form.Get("service_rows"))
	rows = min(max(rows, 0), maxServiceRows)
	for i := 0; i < rows; i++ {
		key := "services[" + strconv.Itoa(i) + "]."
		f.Services = append(f.Services, serviceRow{Index: i, Name: form.Get(key + "name"),
			Aliases: form.Get(key + "aliases"), Critical: form.Get(key+"critical_path") != ""})
	}
	return f
}

// services returns the catalog the rows describe and, for each service, the
// row it came from (blank rows are skipped, so the indexes differ).
func (f projectForm) services() ([]project.Service, []int) {
	var out []project.Service
	var rowOf []int
	for _, r := range f.Services {
		if strings.TrimSpace(r.Name) == "" && strings.TrimSpace(r.Aliases) == "" && !r.Critical {
			continue
		}
		aliases := []string{}
		for _, a := range strings.Split(r.Aliases, ",") {
			if a = strings.TrimSpace(a); a != "" {
				aliases = append(aliases, a)
			}
		}
		out = append(out, project.Service{Name: r.Name, Aliases: aliases, CriticalPath: r.Critical})
		rowOf = append(rowOf, r.Index)
	}
	if out == nil {
		out = []project.Service{}
	}
	return out, rowOf
}

var serviceField = regexp.MustCompile(`^services\[(\d+)\]\.(name|aliases)`)

// inputFor maps a domain field ("services[1].aliases[0]") onto the input
// that holds it ("services[3].aliases" when service 1 came from row 3).
func inputFor(rowOf []int) func(string) string {
	return func(field string) string {
		m := serviceField.FindStringSubmatch(field)
		if m == nil {
			if field == "services" && len(rowOf) > 0 {
				return "services[" + strconv.Itoa(rowOf[0]) + "].name"
			}
			return field
		}
		i, _ := strconv.Atoi(m[1])
		if i < len(rowOf) {
			i = rowOf[i]
		}
		return "services[" + strconv.Itoa(i) + "]." + m[2]
	}
}
