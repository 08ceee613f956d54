package dashboard

import (
	"maps"
	"net/url"
	"strconv"
	"strings"

	"github.com/sigsentry/hub/core/binding"
)

// configForm is the Configure form as typed: the five settings.
type configForm struct {
	PostingMode string
	Threshold   string
	Hours       string
	Mapping     map[string]string // SigSentry field → desk attribute; "" is not written
	Template    string
}

func formFromConfig(c binding.Config) configForm {
	return configForm{PostingMode: string(c.PostingMode), Threshold: c.AutoAnalyzeThreshold,
		Hours: strconv.Itoa(c.TimeBufferHours), Mapping: maps.Clone(c.AttributeMapping),
		Template: c.PublicReplyTemplate}
}

func parseConfigForm(form url.Values) configForm {
	f := configForm{PostingMode: form.Get("posting_mode"), Threshold: form.Get("auto_analyze_threshold"),
		Hours: strings.TrimSpace(form.Get("time_buffer_hours")), Mapping: map[string]string{},
		Template: form.Get("public_reply_template")}
	for _, field := range binding.Mappable {
		if attr := strings.TrimSpace(form.Get("attribute_mapping." + field)); attr != "" {
			f.Mapping[field] = attr
		}
	}
	return f
}

// check validates every setting and returns the patch when all are good.
//
// binding.Config.Validate stops at the first bad setting; a form should
// name every one at once. So each setting is validated on its own, put into
// an otherwise valid default configuration: the messages are the core's,
// and the rules stay in one place.
func (f configForm) check() (binding.ConfigPatch, formErrors) {
	var errs formErrors
	mode := binding.PostingMode(f.PostingMode)
	hours, err := strconv.Atoi(f.Hours)
	if err != nil {
		errs.add("time_buffer_hours", "Enter a whole number of hours from 1 to 24.")
	}
	patch := binding.ConfigPatch{PostingMode: &mode, AutoAnalyzeThreshold: &f.Threshold,
		AttributeMapping: &f.Mapping, PublicReplyTemplate: &f.Template}
	if err == nil {
		patch.TimeBufferHours = &hours
	}
	for _, one := range []binding.ConfigPatch{
		{PostingMode: patch.PostingMode}, {AutoAnalyzeThreshold: patch.AutoAnalyzeThreshold},
		{TimeBufferHours: patch.TimeBufferHours}, {AttributeMapping: patch.AttributeMapping},
		{PublicReplyTemplate: patch.PublicReplyTemplate},
	} {
		if err := one.Apply(binding.DefaultConfig()).Validate(); err != nil {
			_ = errs.fromDomain(err, configInput)
		}
	}
	return patch, errs
}

// configInput maps "config.attribute_mapping.severity" onto the input
// "attribute_mapping.severity".
func configInput(field string) string { return strings.TrimPrefix(field, "config.") }

// previewReply renders the template as a customer would read it, with the
// sample data the core validates against, pointed at this hub and project.
func (d *Dashboard) previewReply(tmpl, projectName string) (string, error) {
	data := binding.SampleReplyData()
	data.AnalysisURL = d.publicURL + "/analyses/ana_example"
	if projectName != "" {
		data.ProjectName = projectName
	}
	return binding.RenderReply(tmpl, data)
}

// postingModes describe the choices of posting_mode.
var postingModes = []struct{ Value, Label, Help string }{
	{"internal", "Internal notes only", "Triage and analysis are posted as notes only your team sees."},
	{"public", "Public reply", "The customer gets one reply from the template below; no notes are posted."},
	{"both", "Both", "Notes for your team and, with the analysis, the templated reply to the customer."},
}

// thresholds are the choices of auto_analyze_threshold, most selective last.
var thresholds = []struct{ Value, Label string }{
	{"critical", "Critical only"},
	{"high", "High and critical"},
	{"medium", "Medium and above"},
	{"low", "Every conversation"},
	{binding.ThresholdDisabled, "Never (agents start analyses from the panel)"},
}
