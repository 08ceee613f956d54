package intercomsim_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"

	"github.com/sigsentry/hub/plugins/intercom/intercomsim"
)

// A client under test posts a note; the test inspects what Intercom would hold and checks the
// client spoke the API as described.
func Example() {
	sim := intercomsim.MustNew(intercomsim.Options{ClientID: "app", ClientSecret: "secret"})
	srv := httptest.NewServer(sim) // INTERCOM_API_BASE = INTERCOM_OAUTH_BASE = srv.URL
	defer srv.Close()

	ws := sim.Workspaces()[0]
	conv, _ := sim.AddConversation(ws.ID, intercomsim.Message{
		Contact: intercomsim.Contact{Name: "Jane", Email: "jane@example.com"},
		Body:    "Checkout fails since 2pm",
	})
	token, _ := sim.IssueToken(ws.ID, ws.Admins[0].ID)

	note := `{"message_type":"note","type":"admin","admin_id":"` + ws.Admins[0].ID + `","body":"<p>Severity: high</p>"}`
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/conversations/"+conv+"/reply", strings.NewReader(note))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Intercom-Version", "2.16")
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		panic(err)
	}
	resp.Body.Close()

	fmt.Println(resp.StatusCode)
	for _, p := range sim.Parts(conv) {
		fmt.Println(p.PartType, p.AuthorID, p.AppPackageCode)
	}
	fmt.Println(len(sim.Violations()), "violations")
	// Output:
	// 200
	// note 991267459 sigsentry-sim
	// 0 violations
}

// The install: the hub redirects the admin to the authorize page, the simulated admin
// approves, the hub exchanges the code.
func ExampleSim_Authorize() {
	sim := intercomsim.MustNew(intercomsim.Options{ClientID: "app", ClientSecret: "secret"})
	srv := httptest.NewServer(sim)
	defer srv.Close()

	callback, _ := sim.Authorize(srv.URL + "/oauth?client_id=app&state=xyz&redirect_uri=" +
		url.QueryEscape("https://hub.example/oauth/intercom/callback"))
	u, _ := url.Parse(callback)
	fmt.Println(u.Host+u.Path, strings.HasSuffix(u.Query().Get("code"), "="), u.Query().Get("state"))

	form := url.Values{"code": {u.Query().Get("code")}, "client_id": {"app"}, "client_secret": {"secret"}}
	resp, _ := http.PostForm(srv.URL+"/auth/eagle/token", form)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	fmt.Println(resp.StatusCode, strings.Contains(string(body), `"token_type":"Bearer"`))
	// Output:
	// hub.example/oauth/intercom/callback true xyz
	// 200 true
}

// Webhooks go to the hub signed as Intercom signs them.
func ExampleSim_Deliver() {
	sim := intercomsim.MustNew(intercomsim.Options{ClientSecret: "secret"})
	hub := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw, _ := io.ReadAll(r.Body)
		fmt.Println(r.Header.Get("X-Hub-Signature") == intercomsim.HubSignature("secret", raw))
	}))
	defer hub.Close()

	conv, _ := sim.AddConversation(sim.Workspaces()[0].ID, intercomsim.Message{Body: "Help"})
	d, _ := sim.Deliver(context.Background(), hub.URL, intercomsim.TopicUserCreated, conv)
	fmt.Println(d.Status, d.Attempt, strings.HasPrefix(d.NotificationID, "notif_"))
	// Output:
	// true
	// 200 1 true
}
