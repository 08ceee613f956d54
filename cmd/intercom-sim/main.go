// Command intercom-sim runs the Intercom simulator on its own, for demos and manual tests of
// the hub: the REST API and OAuth pages on --addr, webhooks, Canvas Kit requests and uninstall
// notifications sent to --hub-url, and a page to drive it all at /_sim/.
//
//	go run ./cmd/intercom-sim --hub-url http://localhost:8080
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/sigsentry/hub/plugins/intercom/intercomsim"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "intercom-sim:", err)
		os.Exit(1)
	}
}

// run serves until ctx ends. It prints what it does to out.
func run(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("intercom-sim", flag.ContinueOnError)
	fs.SetOutput(out)
	addr := fs.String("addr", "127.0.0.1:8091", "listen address of the simulator")
	clientID := fs.String("client-id", "sim-client-id", "the app's OAuth client_id (the hub's INTERCOM_CLIENT_ID)")
	secret := fs.String("client-secret", "sim-client-secret", "the app's client_secret; signs webhooks and canvas requests")
	hubURL := fs.String("hub-url", "", "base URL of the hub; empty: nothing is sent anywhere")
	workspaces := fs.String("workspaces", "", `extra workspaces as "id:REGION,…", e.g. "eu000001:EU"`)
	appVersion := fs.String("app-version", "2.16", "API version selected in the app's settings")
	rateLimit := fs.Int("rate-limit", 1666, "REST calls per workspace per 10-second window")
	if err := fs.Parse(args); err != nil {
		return err
	}
	logger := log.New(out, "intercom-sim: ", log.LstdFlags)
	opts := intercomsim.Options{
		ClientID: *clientID, ClientSecret: *secret, AppVersion: *appVersion, RateLimit: *rateLimit,
		Logf: logger.Printf,
	}
	if hub := strings.TrimRight(*hubURL, "/"); hub != "" {
		// The hub's desk-facing routes (CONTRACT.md), as they would be typed into Developer Hub.
		opts.RedirectURLs = []string{hub + "/oauth/intercom/callback"}
		opts.WebhookURL = hub + "/webhooks/intercom"
		opts.UninstallURL = hub + "/webhooks/intercom/uninstall"
		opts.CanvasInitializeURL = hub + "/canvas/intercom/initialize"
		opts.CanvasSubmitURL = hub + "/canvas/intercom/submit"
	}
	opts.Workspaces = []intercomsim.Workspace{intercomsim.DefaultWorkspace()}
	for _, spec := range strings.Split(*workspaces, ",") {
		if spec = strings.TrimSpace(spec); spec == "" {
			continue
		}
		id, region, _ := strings.Cut(spec, ":")
		opts.Workspaces = append(opts.Workspaces, intercomsim.Workspace{ID: id, Region: strings.ToUpper(region)})
	}
	sim, err := intercomsim.New(opts)
	if err != nil {
		return err
	}
	defer sim.Close()

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", *addr, err)
	}
	base := "http://" + ln.Addr().String()
	fmt.Fprintf(out, "intercom-sim: listening on %s\n", base)
	fmt.Fprintf(out, "intercom-sim: configure the hub with INTERCOM_API_BASE=%s INTERCOM_OAUTH_BASE=%s INTERCOM_CLIENT_ID=%s INTERCOM_CLIENT_SECRET=%s\n",
		base, base, *clientID, *secret)
	fmt.Fprintf(out, "intercom-sim: drive it at %s/_sim/\n", base)
	for _, w := range sim.Workspaces() {
		tok, err := sim.IssueToken(w.ID, w.Admins[0].ID)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "intercom-sim: workspace %s (%s), admin %s, private-app token %s\n", w.ID, w.Region, w.Admins[0].ID, tok)
	}
	if opts.WebhookURL != "" {
		// Developer Hub sends a HEAD when the webhook URL is saved (FACTS §3.1).
		checkCtx, cancel := context.WithTimeout(ctx, 5*time.Second)
		err := sim.CheckURL(checkCtx, opts.WebhookURL)
		cancel()
		fmt.Fprintf(out, "intercom-sim: webhook URL check (HEAD, as Developer Hub does): %s\n", okOr(err))
	}

	srv := &http.Server{Handler: sim, ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	fmt.Fprintln(out, "intercom-sim: shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

func okOr(err error) string {
	if err != nil {
		return err.Error()
	}
	return "ok"
}
