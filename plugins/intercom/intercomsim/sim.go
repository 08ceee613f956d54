package intercomsim

import (
	"fmt"
	"net/http"
	"sync"
	"time"
)

// Options configure a Sim. The zero value works: one workspace, made-up app credentials, no
// outbound traffic until a test asks for it.
type Options struct {
	// ClientID and ClientSecret are the app's OAuth credentials from Developer Hub. The secret
	// also signs webhooks (X-Hub-Signature) and Canvas Kit and uninstall requests
	// (X-Body-Signature), as Intercom does (FACTS §3.4, §5.6). Defaults: "sim-client-id" and
	// "sim-client-secret".
	ClientID     string
	ClientSecret string

	// AppPackageCode is written into app_package_code of every conversation part created
	// through the REST API, which is how an app recognises its own echoes (FACTS §3.2).
	// Default "sigsentry-sim".
	AppPackageCode string

	// RedirectURLs are the redirect URLs registered in Developer Hub; the first is the
	// default when the authorize URL has no redirect_uri (FACTS §2). Empty: any absolute
	// redirect_uri is accepted and one must be given. Intercom demands HTTPS; the simulator
	// accepts http so that tests can use httptest servers.
	RedirectURLs []string

	// AppVersion is the API version selected in the app's settings, used when a request has
	// no Intercom-Version header (FACTS §1). Default "2.16". Set an older version to check
	// that a client pins the header: the 2.16-only conversation attribute endpoints then fail.
	AppVersion string

	// RequireVersionHeader records a violation for every REST request without an
	// Intercom-Version header. Intercom itself accepts such requests.
	RequireVersionHeader bool

	// RateLimit is the number of REST calls a workspace may make per 10-second window before
	// getting 429. Intercom allows a public app 10,000 calls a minute per workspace,
	// distributed into 10-second windows (FACTS §6). Default 1666.
	RateLimit int

	// Workspaces the app is installed in from the start. Empty: DefaultWorkspace alone.
	Workspaces []Workspace

	// The URLs configured in Developer Hub. When WebhookURL is set, the simulator delivers
	// conversation webhooks by itself whenever something happens in a conversation (a
	// contact writes, the app posts a note, …) for the topics in WebhookTopics (nil: all the
	// conversation topics of FACTS §3.2 it knows). Tests that want control leave it empty
	// and call Deliver.
	WebhookURL          string
	WebhookTopics       []string
	CanvasInitializeURL string
	CanvasSubmitURL     string
	UninstallURL        string

	// HTTPClient sends webhooks and Canvas Kit requests. Default: a client with a 5-second
	// timeout, the time Intercom gives a webhook endpoint to answer (FACTS §3.5).
	HTTPClient *http.Client

	// Logf receives one line per thing the simulator does. Nil: silent.
	Logf func(format string, args ...any)

	// Now is the clock. Default time.Now.
	Now func() time.Time
}

// Sim is a fake Intercom: an http.Handler serving the REST API and the OAuth pages, plus
// methods that send what Intercom sends (webhooks, Canvas Kit requests, uninstall
// notifications) and methods that script and inspect it. All methods are safe for
// concurrent use.
type Sim struct {
	opts Options
	api  *restAPI

	mu            sync.Mutex
	seq           int64 // source of numeric ids
	workspaces    map[string]*workspace
	wsOrder       []string
	conversations map[string]*conversation
	codes         map[string]grant
	tokens        map[string]*token
	faults        []*fault
	windows       map[string]*rateWindow
	violations    []Violation
	requests      map[string]int
	notifications map[string]*notification
	deliveries    []Delivery

	pending sync.WaitGroup // automatic webhook deliveries in flight
}

// New returns a Sim. It fails only when the embedded description cannot be loaded or a
// workspace in opts is invalid.
func New(opts Options) (*Sim, error) {
	api, err := loadREST()
	if err != nil {
		return nil, err
	}
	opts = withDefaults(opts)
	s := &Sim{
		opts:          opts,
		api:           api,
		seq:           1000,
		workspaces:    map[string]*workspace{},
		conversations: map[string]*conversation{},
		codes:         map[string]grant{},
		tokens:        map[string]*token{},
		windows:       map[string]*rateWindow{},
		requests:      map[string]int{},
		notifications: map[string]*notification{},
	}
	initial := opts.Workspaces
	if len(initial) == 0 {
		initial = []Workspace{DefaultWorkspace()}
	}
	for _, w := range initial {
		if _, err := s.AddWorkspace(w); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// MustNew is New for tests and main functions: it panics on error.
func MustNew(opts Options) *Sim {
	s, err := New(opts)
	if err != nil {
		panic(err)
	}
	return s
}

func withDefaults(o Options) Options {
	if o.ClientID == "" {
		o.ClientID = "sim-client-id"
	}
	if o.ClientSecret == "" {
		o.ClientSecret = "sim-client-secret"
	}
	if o.AppPackageCode == "" {
		o.AppPackageCode = "sigsentry-sim"
	}
	if o.AppVersion == "" {
		o.AppVersion = "2.16"
	}
	if o.RateLimit <= 0 {
		o.RateLimit = 1666
	}
	if o.HTTPClient == nil {
		o.HTTPClient = &http.Client{Timeout: 5 * time.Second}
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}

// Options returns the options in effect, defaults filled in.
func (s *Sim) Options() Options { return s.opts }

// Close waits for automatic webhook deliveries still in flight. The Sim stays usable.
func (s *Sim) Close() { s.pending.Wait() }

func (s *Sim) logf(format string, args ...any) {
	if s.opts.Logf != nil {
		s.opts.Logf(format, args...)
	}
}

// nextID returns a fresh numeric id as Intercom's conversation, part and admin ids are
// (digits in a string). Callers hold s.mu.
func (s *Sim) nextID() string {
	s.seq++
	return fmt.Sprintf("%d", s.seq)
}

func (s *Sim) now() int64 { return s.opts.Now().Unix() }
