package intercomdesk_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/sigsentry/hub/plugins/intercom/intercomdesk"
	"github.com/sigsentry/hub/plugins/intercom/intercomsim"
	"github.com/sigsentry/hub/plugins/sdk"
	"github.com/sigsentry/hub/plugins/sdk/conformance"
	"github.com/sigsentry/hub/plugins/sdk/deskv1"
	"github.com/sigsentry/hub/plugins/sdk/sdktest"
)

const (
	clientID     = "conformance-client"
	clientSecret = "conformance-secret-0123456789"
)

var pluginBinary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "intercom-plugin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	pluginBinary, err = sdktest.BuildPlugin(context.Background(), "github.com/sigsentry/hub/plugins/intercom", dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := m.Run()
	_ = os.RemoveAll(dir)
	os.Exit(code)
}

// world is the simulator with one workspace and one conversation, and the
// settings and credentials a hub would hand the plugin.
type world struct {
	sim      *intercomsim.Sim
	url      string
	ws       intercomsim.Workspace
	conv     string
	token    string
	settings map[string]string
}

func newWorld(t *testing.T) *world {
	t.Helper()
	sim, err := intercomsim.New(intercomsim.Options{ClientID: clientID, ClientSecret: clientSecret,
		AppPackageCode: "sigsentry-test", RequireVersionHeader: true})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)
	ws := sim.Workspaces()[0]
	conv, err := sim.AddConversation(ws.ID, intercomsim.Message{Body: "The checkout page shows error 500"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sim.DefineAttribute(ws.ID, intercomsim.AttributeDef{Name: "severity", DataType: "string"}); err != nil {
		t.Fatal(err)
	}
	token, err := sim.IssueToken(ws.ID, ws.Admins[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if v := sim.Violations(); len(v) > 0 {
			t.Errorf("the plugin sent requests Intercom's OpenAPI description refuses: %+v", v)
		}
	})
	return &world{sim: sim, url: srv.URL, ws: ws, conv: conv, token: token, settings: map[string]string{
		intercomdesk.SettingClientID: clientID, intercomdesk.SettingClientSecret: clientSecret,
		intercomdesk.SettingAPIBase: srv.URL, intercomdesk.SettingOAuthBase: srv.URL,
		intercomdesk.SettingAppPackageCode: "sigsentry-test",
	}}
}

func (w *world) credentials() *deskv1.Credentials {
	return &deskv1.Credentials{AccessToken: w.token, WorkspaceId: w.ws.ID,
		Desk: map[string]string{"admin_id": w.ws.Admins[0].ID, "api_base": w.url}}
}

func (w *world) harness(t *testing.T, client deskv1.DeskClient) conformance.Harness {
	return conformance.Harness{
		Client: client, Settings: w.settings, SecretSetting: intercomdesk.SettingClientSecret,
		Credentials: w.credentials(), ConversationID: w.conv,
		SignedWebhook: func() ([]byte, map[string]string) {
			body, hdr, err := w.sim.Webhook(intercomsim.TopicUserCreated, w.conv)
			if err != nil {
				t.Fatal(err)
			}
			headers := map[string]string{}
			for k, v := range hdr {
				headers[strings.ToLower(k)] = v[0]
			}
			return body, headers
		},
		FailNext: func(status int, retryAfter time.Duration, n int) {
			if status == 429 && retryAfter > 0 {
				w.sim.FailNextRateLimited("*", n, retryAfter)
				return
			}
			w.sim.FailNext("*", status, n)
		},
		PostCount: func(conv string) int {
			n := 0
			for _, p := range w.sim.Parts(conv) {
				if p.AuthorType == "admin" && (p.PartType == "note" || p.PartType == "comment") {
					n++
				}
			}
			return n
		},
		Attributes: map[string]string{"severity": "high"},
	}
}

// TestConformanceInProcess runs the desk kit against the plugin over
// in-process gRPC, with the simulator as the desk.
func TestConformanceInProcess(t *testing.T) {
	w := newWorld(t)
	conformance.Run(t, w.harness(t, sdk.TestClient(t, intercomdesk.New())))
}

// TestConformanceProcess runs it against the built binary, started as the
// hub starts it, process checks included.
func TestConformanceProcess(t *testing.T) {
	w := newWorld(t)
	client, _ := sdktest.Start(t, pluginBinary)
	h := w.harness(t, client)
	h.Binary = pluginBinary
	conformance.Run(t, h)
}
