package intercomsim

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
)

// Violation kinds.
const (
	ViolationRequest     = "request"     // parameters or body do not match the 2.16 description
	ViolationSecurity    = "security"    // no bearer token although the description requires one
	ViolationRoute       = "route"       // method and path are not an operation of 2.16
	ViolationVersion     = "version"     // no Intercom-Version header (Options.RequireVersionHeader)
	ViolationUnsimulated = "unsimulated" // a 2.16 operation the simulator does not implement
	ViolationResponse    = "response"    // the simulator's own answer broke the description (a simulator bug)
)

// Violation is a request that does not conform to Intercom's description, or an answer of the
// simulator that does not. Tests of a client assert that Violations() is empty.
type Violation struct {
	Kind        string
	OperationID string // empty for ViolationRoute
	Method      string
	Path        string
	RequestID   string
	Problems    []string // one line each, e.g. "body /admin_id: property \"admin_id\" is missing"
}

func (v Violation) String() string {
	op := v.OperationID
	if op == "" {
		op = "-"
	}
	return fmt.Sprintf("%s violation: %s %s (%s): %s", v.Kind, v.Method, v.Path, op, strings.Join(v.Problems, "; "))
}

// problem is one finding of request validation and how Intercom would answer it.
type problem struct {
	kind   string
	status int
	code   string
	text   string
}

// validateRequest checks a request against its 2.16 operation: security (a bearer token is
// present), path, query and header parameters (Intercom-Version against its enum) and the
// JSON body. The body in r is consumed; the caller keeps its own copy.
func validateRequest(ctx context.Context, r *http.Request, body []byte, route *routers.Route, params map[string]string) []problem {
	r.Body = io.NopCloser(bytes.NewReader(body))
	in := &openapi3filter.RequestValidationInput{
		Request: r, PathParams: params, Route: route,
		Options: &openapi3filter.Options{
			MultiError:                        true,
			SkipSettingDefaults:               true, // a missing Intercom-Version must stay missing
			RejectWhenRequestBodyNotSpecified: true,
			AuthenticationFunc:                bearerPresent,
		},
	}
	err := openapi3filter.ValidateRequest(ctx, in)
	if err == nil {
		return nil
	}
	var errs []error
	if me, ok := err.(openapi3.MultiError); ok {
		errs = me
	} else {
		errs = []error{err}
	}
	var out []problem
	for _, e := range errs {
		out = append(out, classify(e)...)
	}
	return out
}

// bearerPresent is the bearerAuth check of the description: an Authorization header with a
// Bearer token. Whether the token is valid is the handler's business (401, not a violation).
func bearerPresent(_ context.Context, in *openapi3filter.AuthenticationInput) error {
	v, ok := strings.CutPrefix(in.RequestValidationInput.Request.Header.Get("Authorization"), "Bearer ")
	if !ok || strings.TrimSpace(v) == "" {
		return errors.New("no Bearer token in the Authorization header")
	}
	return nil
}

func classify(err error) []problem {
	var sec *openapi3filter.SecurityRequirementsError
	if errors.As(err, &sec) {
		return []problem{{ViolationSecurity, http.StatusUnauthorized, codeUnauthorized, "Authorization: no Bearer token"}}
	}
	var re *openapi3filter.RequestError
	if !errors.As(err, &re) {
		return []problem{{ViolationRequest, http.StatusBadRequest, codeParameterInvalid, err.Error()}}
	}
	switch {
	case re.Parameter != nil:
		code := codeParameterInvalid
		if strings.EqualFold(re.Parameter.Name, "Intercom-Version") {
			code = codeVersionInvalid
		}
		where := fmt.Sprintf("%s parameter %q", re.Parameter.In, re.Parameter.Name)
		return []problem{{ViolationRequest, http.StatusBadRequest, code, where + ": " + reason(re)}}
	case re.RequestBody != nil && re.Err != nil:
		var out []problem
		for _, line := range schemaProblems(re.Err, "") {
			out = append(out, problem{ViolationRequest, http.StatusBadRequest, codeParameterInvalid, "body " + line})
		}
		return out
	}
	return []problem{{ViolationRequest, http.StatusBadRequest, codeParameterInvalid, re.Error()}}
}

// reason is a RequestError's cause without kin-openapi's schema dump.
func reason(re *openapi3filter.RequestError) string {
	if re.Err == nil {
		return re.Reason
	}
	lines := schemaProblems(re.Err, "")
	for i, l := range lines {
		lines[i] = strings.TrimPrefix(l, "/: ")
	}
	return strings.Join(lines, "; ")
}

// schemaProblems flattens a schema validation error into "pointer: reason" lines (kin-openapi
// gives nested errors absolute pointers, so prefix only applies to the top). For a failed
// oneOf it reports the branch that came closest: one whose "type" matched (Intercom's schemas
// tell their variants apart by a type enum), then the one with fewest problems. A reply that
// is nearly an admin reply hears about admin_id, not about the three contact variants.
func schemaProblems(err error, prefix string) []string {
	switch e := err.(type) {
	case openapi3.MultiError:
		var out []string
		for _, x := range e {
			out = append(out, schemaProblems(x, prefix)...)
		}
		return out
	case *openapi3.SchemaError:
		var branches openapi3.MultiError
		if e.Origin != nil && errors.As(e.Origin, &branches) {
			if e.SchemaField != "oneOf" {
				return schemaProblems(branches, prefix)
			}
			var best []string
			var types []string
			for _, b := range branches {
				p := schemaProblems(b, prefix)
				types = append(types, strings.Trim(typeProblem(p), `[]"`))
				if best == nil || closer(p, best) {
					best = p
				}
			}
			if !slices.Contains(types, "") { // no variant has this type
				return []string{prefix + pointer(e.JSONPointer()) + "/type: value is none of the variants " + strings.Join(types, ", ")}
			}
			return best
		}
		path := prefix + pointer(e.JSONPointer())
		if path == "" {
			path = "/"
		}
		return []string{path + ": " + e.Reason}
	}
	if prefix == "" {
		prefix = "/"
	}
	return []string{prefix + ": " + err.Error()}
}

// closer reports whether the problems of one oneOf branch describe the value better than
// another's: a branch whose type enum matched wins, then the shorter list.
func closer(a, b []string) bool {
	if ta, tb := typeMismatch(a), typeMismatch(b); ta != tb {
		return tb
	}
	return len(a) < len(b)
}

func typeMismatch(problems []string) bool { return typeProblem(problems) != "" }

// typeProblem returns the allowed values of a failed "type" enum among problems, e.g.
// `["button"]`, or "" if the type matched.
func typeProblem(problems []string) string {
	for _, p := range problems {
		path, reason, _ := strings.Cut(p, ": ")
		if strings.HasSuffix(path, "/type") {
			if i := strings.Index(reason, "["); i >= 0 {
				return reason[i:]
			}
			return reason
		}
	}
	return ""
}

func pointer(parts []string) string {
	if len(parts) == 0 {
		return ""
	}
	return "/" + strings.Join(parts, "/")
}

// record stores a violation and logs it.
func (s *Sim) record(v Violation) {
	sort.Strings(v.Problems)
	s.mu.Lock()
	s.violations = append(s.violations, v)
	s.mu.Unlock()
	s.logf("%s", v)
}

// checkResponse validates an answer of the simulator against the description and records a
// ViolationResponse if it does not conform. Error bodies of statuses the operation does not
// declare (400, 429, 500, …; spec quirk 4) are checked against components.schemas.error.
func (s *Sim) checkResponse(ctx context.Context, c *call, status int, body []byte) {
	var err error
	declared := c.route.Operation.Responses.Status(status) != nil
	if declared || status < 300 {
		err = openapi3filter.ValidateResponse(ctx, &openapi3filter.ResponseValidationInput{
			RequestValidationInput: &openapi3filter.RequestValidationInput{
				Request: c.r, PathParams: c.params, Route: c.route,
			},
			Status: status,
			Header: http.Header{"Content-Type": {"application/json"}},
			Body:   io.NopCloser(bytes.NewReader(body)),
			Options: &openapi3filter.Options{
				IncludeResponseStatus: true, MultiError: true,
			},
		})
	} else {
		err = s.api.checkJSON("error", body)
	}
	if err != nil {
		s.record(Violation{
			Kind: ViolationResponse, OperationID: c.op, Method: c.r.Method, Path: c.r.URL.Path,
			RequestID: c.requestID, Problems: []string{fmt.Sprintf("status %d: %v", status, err)},
		})
	}
}
