package binding

import (
	"strings"
	"testing"

	"github.com/sigsentry/hub/core"
)

func TestDefaultConfigIsValid(t *testing.T) {
	c := DefaultConfig()
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	if c.PostingMode != PostInternal || c.AutoAnalyzeThreshold != "high" || c.TimeBufferHours != 2 {
		t.Errorf("defaults drift from SigSentry's docs: %+v", c)
	}
}

func TestConfigValidationNamesTheField(t *testing.T) {
	str := func(s string) *string { return &s }
	num := func(n int) *int { return &n }
	mode := func(m PostingMode) *PostingMode { return &m }
	mapping := func(m map[string]string) *map[string]string { return &m }
	cases := []struct {
		patch ConfigPatch
		field string
	}{
		{ConfigPatch{PostingMode: mode("loud")}, "config.posting_mode"},
		{ConfigPatch{AutoAnalyzeThreshold: str("urgent")}, "config.auto_analyze_threshold"},
		{ConfigPatch{TimeBufferHours: num(0)}, "config.time_buffer_hours"},
		{ConfigPatch{TimeBufferHours: num(25)}, "config.time_buffer_hours"},
		{ConfigPatch{AttributeMapping: mapping(map[string]string{"mood": "x"})}, "config.attribute_mapping.mood"},
		{ConfigPatch{AttributeMapping: mapping(map[string]string{"severity": " "})}, "config.attribute_mapping.severity"},
		{ConfigPatch{PublicReplyTemplate: str("Hi {{.Severity")}, "config.public_reply_template"},
		{ConfigPatch{PublicReplyTemplate: str("Hi {{.Secret}}")}, "config.public_reply_template"},
		{ConfigPatch{PublicReplyTemplate: str("  ")}, "config.public_reply_template"},
	}
	for _, tc := range cases {
		err := tc.patch.Apply(DefaultConfig()).Validate()
		if core.ErrorCode(err) != core.ErrInvalid || core.ErrorField(err) != tc.field {
			t.Errorf("%+v: got %v, want field %q", tc.patch, err, tc.field)
		}
	}
}

func TestAutoAnalyzeThreshold(t *testing.T) {
	c := DefaultConfig()
	if c.AutoAnalyze(core.SeverityMedium) || !c.AutoAnalyze(core.SeverityHigh) || !c.AutoAnalyze(core.SeverityCritical) {
		t.Error("threshold high must analyze high and critical only")
	}
	c.AutoAnalyzeThreshold = ThresholdDisabled
	if c.AutoAnalyze(core.SeverityCritical) {
		t.Error("disabled must never analyze")
	}
}

func TestRenderReply(t *testing.T) {
	out, err := RenderReply(DefaultPublicReplyTemplate, ReplyData{AffectedService: "checkout"})
	if err != nil || !strings.Contains(out, "an issue with checkout") {
		t.Errorf("default template: %q %v", out, err)
	}
	out, _ = RenderReply(DefaultPublicReplyTemplate, ReplyData{})
	if !strings.Contains(out, "looking into it") {
		t.Errorf("default template without service: %q", out)
	}
	if _, err := RenderReply(`{{printf "%9000s" "x"}}`, SampleReplyData()); err == nil {
		t.Error("a reply over the size limit must fail")
	}
}

func TestRenderReplyErrorSaysWhy(t *testing.T) {
	_, err := RenderReply(`{{printf "%9000s" "x"}}`, SampleReplyData())
	if err == nil || !strings.Contains(err.Error(), "longer than") {
		t.Errorf("want size error, got %v", err)
	}
	if out, err := RenderReply(`{{printf "%0100d" 1}}`, SampleReplyData()); err != nil || len(out) != 100 {
		t.Errorf("short reply: %q %v", out, err)
	}
}
