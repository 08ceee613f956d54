package intercomsim

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/getkin/kin-openapi/routers"
)

// call is one REST request on its way through the pipeline.
type call struct {
	w         http.ResponseWriter
	r         *http.Request
	body      []byte
	route     *routers.Route
	params    map[string]string
	op        string
	tok       token // the caller's token (a copy)
	version   string
	requestID string
	// violations a handler finds beyond the schema (e.g. a note without body, which the
	// description's prose requires)
	extra       []string
	unsimulated bool
}

// handler serves one operation of the description. It returns the JSON value to send with
// 200, or an error in Intercom's shape.
type handler func(s *Sim, c *call) (any, *apiError)

// handlers are the simulated operations, by operationId.
var handlers = map[string]handler{
	"identifyAdmin":               (*Sim).handleMe,
	"listAdmins":                  (*Sim).handleListAdmins,
	"retrieveConversation":        (*Sim).handleRetrieve,
	"updateConversation":          (*Sim).handleUpdate,
	"replyConversation":           (*Sim).handleReply,
	"listConversationAttributes":  (*Sim).handleListAttributes,
	"createConversationAttribute": (*Sim).handleCreateAttribute,
}

// ServeHTTP serves Intercom's REST API, the OAuth endpoints and the simulator's own pages
// under /_sim/.
func (s *Sim) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	requestID := newUUID()
	w.Header().Set("X-Request-Id", requestID)
	path := r.URL.Path
	switch {
	case path == "/oauth":
		s.serveOAuth(w, r, "oauthAuthorize", requestID, s.handleAuthorizePage)
	case path == "/auth/eagle/token" && r.Method == http.MethodPost:
		s.serveOAuth(w, r, "oauthToken", requestID, s.handleToken)
	case path == "/auth/uninstall" && r.Method == http.MethodPost:
		s.serveOAuth(w, r, "uninstallApp", requestID, s.handleUninstallAPI)
	case path == "/_sim" || strings.HasPrefix(path, "/_sim/"):
		s.serveControl(w, r)
	default:
		s.serveREST(w, r, requestID)
	}
}

// serveOAuth runs an endpoint outside the description: counted and fault-injectable, but not
// validated against it.
func (s *Sim) serveOAuth(w http.ResponseWriter, r *http.Request, op, requestID string, h func(http.ResponseWriter, *http.Request, string)) {
	s.count(op)
	if e := s.takeFault(op, r.URL.Path); e != nil {
		writeError(w, requestID, e)
		return
	}
	h(w, r, requestID)
}

func (s *Sim) serveREST(w http.ResponseWriter, r *http.Request, requestID string) {
	ctx := r.Context()
	body, err := io.ReadAll(io.LimitReader(r.Body, 10<<20))
	if err != nil {
		writeError(w, requestID, errorf(http.StatusBadRequest, codeParameterInvalid, "read body: %v", err))
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	route, params, err := s.api.router.FindRoute(r)
	if err != nil {
		s.record(Violation{Kind: ViolationRoute, Method: r.Method, Path: r.URL.Path, RequestID: requestID,
			Problems: []string{fmt.Sprintf("%s %s is not an operation of Intercom API 2.16: %v", r.Method, r.URL.Path, err)}})
		writeError(w, requestID, errNotFound())
		return
	}
	c := &call{w: w, r: r, body: body, route: route, params: params, op: route.Operation.OperationID, requestID: requestID}
	s.count(c.op)
	var problems []problem
	if handlers[c.op] != nil { // unsimulated operations were pruned to their name (spec.go)
		problems = validateRequest(ctx, r, body, route, params)
		r.Body = io.NopCloser(bytes.NewReader(body))
	}
	c.version = r.Header.Get("Intercom-Version")
	if c.version == "" {
		c.version = s.opts.AppVersion
		if s.opts.RequireVersionHeader {
			problems = append(problems, problem{kind: ViolationVersion, text: "no Intercom-Version header"})
		}
	}
	s.recordProblems(c, problems)
	status, answer := s.answer(c, problems)
	out, isErr := answer.(*apiError)
	var written []byte
	if isErr {
		written = writeError(w, requestID, out)
	} else {
		written = writeJSON(w, status, answer)
	}
	if len(c.extra) > 0 {
		kind := ViolationRequest
		if c.unsimulated {
			kind = ViolationUnsimulated
		}
		s.record(Violation{Kind: kind, OperationID: c.op, Method: r.Method, Path: r.URL.Path, RequestID: requestID, Problems: c.extra})
	}
	s.checkResponse(ctx, c, status, written)
}

// recordProblems files a request's problems as one violation per kind.
func (s *Sim) recordProblems(c *call, problems []problem) {
	for _, kind := range []string{ViolationSecurity, ViolationRequest, ViolationVersion} {
		var lines []string
		for _, p := range problems {
			if p.kind == kind {
				lines = append(lines, p.text)
			}
		}
		if len(lines) > 0 {
			s.record(Violation{Kind: kind, OperationID: c.op, Method: c.r.Method, Path: c.r.URL.Path, RequestID: c.requestID, Problems: lines})
		}
	}
}

// answer decides the response in the order Intercom's edge would: a scripted fault first (the
// test asked for it), then authentication, the rate limit, request validity, and finally the
// operation itself.
func (s *Sim) answer(c *call, problems []problem) (int, any) {
	if e := s.takeFault(c.op, c.r.URL.Path); e != nil {
		return e.status, e
	}
	s.mu.Lock()
	t := s.tokenLocked(c.r)
	if t != nil {
		c.tok = *t
	}
	s.mu.Unlock()
	if t == nil {
		return http.StatusUnauthorized, errTokenInvalid()
	}
	limitHeader, e := s.rateLimit(c.tok.workspaceID)
	if e != nil {
		return e.status, e
	}
	// Rate-limit headers go on every authenticated answer (FACTS §6).
	for k, v := range limitHeader {
		c.w.Header()[k] = v
	}
	for _, p := range problems {
		if p.kind == ViolationRequest || p.kind == ViolationSecurity {
			if e := documentedRejection(c); e != nil {
				return e.status, e
			}
			return p.status, &apiError{status: p.status, code: p.code, message: p.text}
		}
	}
	h := handlers[c.op]
	if h == nil {
		c.unsimulated = true
		c.extra = append(c.extra, "operation "+c.op+" is in the 2.16 description but not simulated")
		return http.StatusNotImplemented, errorf(http.StatusNotImplemented, codeUnsupported, "intercomsim does not simulate %s", c.op)
	}
	v, apiErr := h(s, c)
	if apiErr != nil {
		return apiErr.status, apiErr
	}
	return http.StatusOK, v
}
