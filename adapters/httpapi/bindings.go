package httpapi

import (
	"net/http"

	"github.com/gorilla/mux"

	"github.com/sigsentry/hub/core/binding"
)

// bindingJSON is a binding as the API shows it. The OAuth token is not
// among its members: binding.Binding.Token is json:"-", and this view adds
// only what a person needs to act.
type bindingJSON struct {
	*binding.Binding
	// Hint is the troubleshooting advice for the status, when there is one.
	Hint string `json:"hint,omitempty"`
	// AuthorizeURL is where the admin approves the install; only an install
	// answers it, since the link works once.
	AuthorizeURL string `json:"authorize_url,omitempty"`
}

// renderBinding shapes b for an answer. Maps a store left nil become {},
// so that clients never meet null where the schema promises an object.
func renderBinding(b *binding.Binding) bindingJSON {
	view := *b
	if view.Desk == nil {
		view.Desk = map[string]string{}
	}
	if view.Config.AttributeMapping == nil {
		view.Config.AttributeMapping = map[string]string{}
	}
	return bindingJSON{Binding: &view, Hint: b.Hint()}
}

// POST /api/v1/projects/{project_id}/bindings: creates a pending binding and
// answers the desk's authorize link that completes it.
func (h *Handler) installBinding(w http.ResponseWriter, r *http.Request) error {
	body, err := readObject(w, r, h.maxBody)
	if err != nil {
		return err
	}
	body.allow("platform")
	platform := value[string](body, "platform")
	if err := body.err(); err != nil {
		return err
	}
	b, authorizeURL, err := h.bindings.Install(r.Context(), mux.Vars(r)["project_id"], platform)
	if err != nil {
		return err
	}
	out := renderBinding(b)
	out.AuthorizeURL = authorizeURL
	h.writeJSON(w, r, http.StatusCreated, out)
	return nil
}

// GET /api/v1/projects/{project_id}/bindings
func (h *Handler) listBindings(w http.ResponseWriter, r *http.Request) error {
	bindings, err := h.bindings.List(r.Context(), mux.Vars(r)["project_id"])
	if err != nil {
		return err
	}
	items := make([]bindingJSON, 0, len(bindings))
	for _, b := range bindings {
		items = append(items, renderBinding(b))
	}
	h.writeJSON(w, r, http.StatusOK, list[bindingJSON]{Items: items})
	return nil
}

// GET /api/v1/bindings/{binding_id}
func (h *Handler) getBinding(w http.ResponseWriter, r *http.Request) error {
	b, err := h.bindings.Get(r.Context(), mux.Vars(r)["binding_id"])
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, renderBinding(b))
	return nil
}

// PATCH /api/v1/bindings/{binding_id} with {"config":{...}}: only the
// settings present change; attribute_mapping, when present, replaces the
// whole mapping. A bad setting leaves the stored configuration untouched.
func (h *Handler) configureBinding(w http.ResponseWriter, r *http.Request) error {
	body, err := readObject(w, r, h.maxBody)
	if err != nil {
		return err
	}
	body.allow("config")
	var patch binding.ConfigPatch
	if c := body.child("config"); c != nil {
		c.allow("posting_mode", "auto_analyze_threshold", "time_buffer_hours",
			"attribute_mapping", "public_reply_template")
		patch.PostingMode = optional[binding.PostingMode](c, "posting_mode")
		patch.AutoAnalyzeThreshold = optional[string](c, "auto_analyze_threshold")
		patch.TimeBufferHours = optional[int](c, "time_buffer_hours")
		if mapping := stringMap(c, "attribute_mapping"); mapping != nil {
			patch.AttributeMapping = &mapping
		}
		patch.PublicReplyTemplate = optional[string](c, "public_reply_template")
	}
	if err := body.err(); err != nil {
		return err
	}
	b, err := h.bindings.Configure(r.Context(), mux.Vars(r)["binding_id"], patch)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, renderBinding(b))
	return nil
}

// POST /api/v1/bindings/{binding_id}/disconnect: revokes the desk token
// (best effort) and makes the binding inactive. It takes no body.
func (h *Handler) disconnectBinding(w http.ResponseWriter, r *http.Request) error {
	b, err := h.bindings.Disconnect(r.Context(), mux.Vars(r)["binding_id"])
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, renderBinding(b))
	return nil
}
