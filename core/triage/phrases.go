package triage

// kind is what a phrase says about a conversation. Problem kinds carry a
// base severity; modifiers move it; intents pull it down to low.
type kind uint8

const (
	kNone kind = iota
	// problems
	kSecurity  // breach, leak, account takeover
	kDataLoss  // lost, deleted, corrupted data
	kOutage    // down, offline, unreachable
	kBroken    // fails, not working, crashes
	kBrokenAll // "nobody can": broken for everyone at once
	kBug       // wrong, error, bug: something is off
	kDegraded  // slow, delayed, degraded
	kMoney     // charged twice, losing revenue
	// modifiers
	kBreadthAll  // all our customers, everyone
	kBreadthSome // many users, several customers
	kNarrow      // one user, only me
	kIntermittent
	kWorkaround
	kUrgent
	kCalm     // not urgent, no rush
	kResolved // works now, back to normal
	kHedge    // maybe, might be
	kImpact   // the business is losing money right now
	// intents that make a conversation low when nothing worse is said
	kHowTo
	kFeature
	kCosmetic
	kThanks
	// helpers, resolved by the detectors in signals.go
	kCannot   // "can't <verb>": broken unless the verb asks for help
	kMoneyCtx // invoice, billing, refund: money is at stake
)

// isProblem reports kinds that carry a severity of their own.
func (k kind) isProblem() bool { return k >= kSecurity && k <= kMoney }

// group lists phrases of one kind and base level. Words are separated by
// spaces and stemmed when the lexicon is compiled; "*" matches any one word.
type group struct {
	kind    kind
	level   int8
	phrases []string
}

// failVerbs complete "not …", "never …", "stopped …" and "no longer …" into
// the many ways customers say a thing does not happen.
var failVerbs = []string{
	"work", "load", "open", "sync", "send", "sent", "arrive", "go out", "come in", "fire", "trigger", "respond", "show",
	"appear", "display", "render", "update", "save", "connect", "start", "launch", "run", "process",
	"complete", "finish", "go through", "come through", "deliver", "receive", "import", "export",
	"upload", "download", "print", "refresh", "submit", "redirect", "authenticate", "login",
	"log in", "sign in", "logging in", "signing in", "pay", "accept", "function", "boot", "install",
	"compile", "deploy", "generate", "post", "publish", "calculate", "reach", "resolve", "play",
}

// Quantified nouns: who or what is affected. Stemming makes singular and
// plural one.
var (
	peopleNouns = []string{
		"user", "customer", "client", "merchant", "people", "account", "member", "agent", "store",
		"shop", "team", "tenant", "site", "employee", "subscriber", "buyer", "shopper", "patient",
		"student", "driver", "seller", "partner", "location", "region", "workspace", "device", "staff",
		"colleague", "person", "org", "cardholder", "visitor", "guest", "player", "viewer",
		"recipient", "contact", "signup", "user account", "company",
	}
	// things whose data a customer must never see of another
	privateThings = []string{"data", "address", "invoice", "order", "email", "detail", "information",
		"info", "record", "workspace", "account", "file", "message", "conversation", "transaction",
		"payment", "document", "profile", "dashboard", "report", "statement", "balance"}
	// things private only by whose they are: "another patient's results"
	ownedThings = []string{"result", "lab result", "test result", "salary", "payslip", "medical record",
		"health record", "grade", "note"}
	// what must never be where others can read it
	secrets = []string{"key", "token", "secret", "password", "credential"}
	// things that, when wrong, are a cosmetic defect: "the wrong agent avatar"
	visualNouns = []string{"avatar", "color", "colour", "font", "icon", "logo", "image", "picture",
		"currency symbol", "wording", "translation", "language", "spacing", "emoji", "title", "favicon",
		"thumbnail", "theme", "placeholder"}
	// what "the whole …" and "the entire …" can be
	wholeNouns = []string{"company", "team", "org", "organization", "organisation", "site", "platform",
		"app", "system", "store", "office", "department", "staff", "workspace", "account", "business"}
	// groups inside one customer: "no one on my team can log in"
	withinUs = []string{"on my team", "on our team", "in my team", "in our team", "in our company",
		"in the company", "in our org", "in our organization", "in our office", "at our company", "of us"}
	thingNouns = []string{
		"order", "payment", "request", "transaction", "email", "message", "notification", "webhook",
		"sale", "booking", "invoice", "call", "job", "lead", "ticket", "event", "delivery", "page",
		"batch", "report", "export", "import", "sync", "shipment", "parcel", "package", "video",
		"stream", "file", "upload", "document", "integration", "store", "region", "environment", "card",
		"appointment", "reservation",
	}
	// "no orders coming in" is everything broken at once.
	thingsStopped = []string{"coming in", "coming through", "going through", "arriving",
		"being processed", "being sent", "being delivered", "getting through", "are processed"}
	allQuantifiers  = []string{"all", "all of", "every", "thousands of", "hundreds of", "100% of"}
	someQuantifiers = []string{"many", "multiple", "several", "some", "some of", "lots of", "a lot of",
		"numerous", "most", "most of", "dozens of", "a bunch of", "various", "other", "more and more"}
	oneQuantifiers = []string{"one", "a single", "one specific", "a specific", "a particular", "only one",
		"just one", "one of"}
	ableVerbs = []string{"can", "could", "is able", "are able", "was able", "were able",
		"has access", "have access", "gets through", "get through"}
)
