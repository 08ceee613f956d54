package dashboard

import (
	"strings"

	"github.com/sigsentry/hub/core"
)

// fieldError is a validation message for one form field.
type fieldError struct {
	Field   string // the input's name
	Message string
}

// formErrors are a form's validation messages, in the order of the form.
// Templates show each next to its field and all of them in a summary at the
// top that links to the fields.
type formErrors []fieldError

// For returns the message of field, or "".
func (e formErrors) For(field string) string {
	for _, f := range e {
		if f.Field == field {
			return f.Message
		}
	}
	return ""
}

func (e *formErrors) add(field, message string) {
	if e.For(field) == "" {
		*e = append(*e, fieldError{Field: field, Message: message})
	}
}

// fromDomain turns a domain validation error into a field message. field
// maps the domain's field name onto the form's input name; the message
// drops the domain's field prefix, since it stands next to its field.
// Other errors are returned for the error page.
func (e *formErrors) fromDomain(err error, field func(string) string) error {
	if core.ErrorCode(err) != core.ErrInvalid {
		return err
	}
	msg := core.ErrorMessage(err)
	if f := core.ErrorField(err); f != "" {
		msg = strings.TrimPrefix(msg, f+": ")
		e.add(field(f), sentence(msg))
		return nil
	}
	e.add("", sentence(msg))
	return nil
}

// sentence capitalises a domain message ("is required" → "Is required"),
// which otherwise stays as the core wrote it.
func sentence(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// inputView is one labelled input with its hint and error.
type inputView struct {
	Name, Label, Value, Hint, Error string
	Type, Min, Max, MaxLength       string
	Required                        bool
}

// input builds an inputView for the "input" partial. opts are "required",
// "type=…", "min=…", "max=…" or "maxlength=…".
func input(name, label, value, hint string, errs formErrors, opts ...string) inputView {
	v := inputView{Name: name, Label: label, Value: value, Hint: hint, Error: errs.For(name), Type: "text"}
	for _, o := range opts {
		switch k, val, _ := strings.Cut(o, "="); k {
		case "required":
			v.Required = true
		case "type":
			v.Type = val
		case "min":
			v.Min = val
		case "max":
			v.Max = val
		case "maxlength":
			v.MaxLength = val
		}
	}
	return v
}
