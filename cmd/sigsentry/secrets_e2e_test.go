package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/sigsentry/hub/plugins/intercom/intercomsim"
)

// TestSecretsNeverLeak runs the whole Intercom flow with debug logs on and
// then looks for every secret in everything the hub said: its logs, its
// API answers and the panel it rendered.
func TestSecretsNeverLeak(t *testing.T) {
	const sourcePassword = "es-password-7c1f0e9a"
	w := startIntercomWorld(t, "SIGSENTRY_LOG_LEVEL=debug",
		"SIGSENTRY_ENCRYPTION_KEY=MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=")
	projectID, bindingID := w.install(t)
	var answers []string
	record := func(code int, body map[string]any) {
		raw, _ := json.Marshal(body)
		answers = append(answers, string(raw))
	}
	record(w.hub.do("POST", "/api/v1/projects/"+projectID+"/log-sources", e2eToken,
		`{"name":"es","type":"elastic","config":{"url":"https://es.internal:9200","index":"logs-*","username":"hub","password":"`+sourcePassword+`"}}`))
	record(w.hub.do("GET", "/api/v1/projects/"+projectID+"/log-sources", e2eToken, ""))
	record(w.hub.do("GET", "/api/v1/bindings/"+bindingID, e2eToken, ""))
	record(w.hub.do("GET", "/api/v1/projects/"+projectID+"/bindings", e2eToken, ""))
	conv, err := w.sim.AddConversation(w.ws.ID, intercomsim.Message{Body: "Checkout is down for everyone, error 500"})
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the triage note", 15*time.Second, func() bool { return len(notes(w.sim.Parts(conv))) == 1 })
	res, err := w.sim.CanvasInitialize(context.Background(), "", w.ws.ID, conv, w.ws.Admins[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	answers = append(answers, string(res.Body))
	record(w.hub.do("POST", "/api/v1/bindings/"+bindingID+"/disconnect", e2eToken, ""))
	w.hub.stop()

	secrets := map[string]string{
		"Intercom client secret": simClientSecret, "admin token": e2eToken,
		"log source password": sourcePassword, "encryption key": "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
	}
	tokens := w.sim.IssuedTokens(w.ws.ID)
	if len(tokens) == 0 {
		t.Fatal("the simulator issued no token: the install did not happen")
	}
	for i, tok := range tokens {
		secrets["Intercom access token "+string(rune('A'+i))] = tok
	}
	places := map[string]string{"hub log (stderr)": w.hub.stderr.String(), "hub stdout": w.hub.stdout.String(),
		"API and panel answers": strings.Join(answers, "\n")}
	if !strings.Contains(w.hub.stderr.String(), `"level":"DEBUG"`) {
		t.Fatal("debug logging was not on; the check would prove little")
	}
	for where, text := range places {
		for what, secret := range secrets {
			if strings.Contains(text, secret) {
				t.Errorf("the %s appears in the %s", what, where)
			}
		}
	}
}
