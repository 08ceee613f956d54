package triage

// lexicon is what a support engineer reads for when a message comes in. The
// levels are the severities the phrase suggests on its own (4 critical … 1
// low); severity.go combines them with breadth, negation and the catalog.
// A few German, French and Spanish phrases cover the most common reports.
var lexicon = []group{
	{kSecurity, 4, []string{
		"security breach", "data breach", "breach", "hacked", "hacker", "been compromised",
		"compromised", "account takeover", "took over my account", "leak", "leaked", "leaking",
		"data leak", "exposed", "exposing", "publicly exposed", "unauthorized access",
		"unauthorised access", "unauthorized login", "unauthorised login", "ransomware", "malware",
		"stolen", "sql injection", "privilege escalation", "authentication bypass", "bypass authentication",
		"see other customer", "see another customer", "see other user", "see another user",
		"see someone else", "seeing other customer", "seeing another customer", "seeing other user",
		"seeing another user", "shows other customer", "showing other customer", "other tenant",
		"cross tenant", "wrong customer data", "someone logged into", "someone logged in to",
		"someone accessed", "someone else logged", "login from an unknown", "logins from unknown",
		"unrecognized login", "unrecognised login", "unrecognized device", "not me who logged",
		"privacy breach", "privacy violation", "privacy incident", "gdpr breach", "never invited",
		"should not have access", "not supposed to have access", "should not see",
		"should not be able to see", "not supposed to see",
		"datenleck", "gehackt", "fuite de données", "piraté", "hackeado",
	}},
	{kSecurity, 3, []string{
		"vulnerability", "vulnerable", "security issue", "security hole", "security bug",
		"security problem", "security concern", "suspicious login", "suspicious activity", "fraud",
		"fraudulent", "phishing", "xss", "csrf", "brute force", "publicly accessible",
		"without logging in", "without authentication", "ddos", "not request", "not initiate",
		"not authorize", "not recognize", "unknown ip", "unknown location", "unknown device",
		"without authorization", "without authorisation", "without permission", "without our permission",
		"without our consent", "without consent", "privacy issue", "privacy problem", "privacy concern",
		"did not do it", "did not do this", "did not do that", "did not make this change",
		"did not make these change", "did not make that change", "was not us",
	}},
	{kDataLoss, 4, []string{
		"data loss", "lost data", "data was lost", "data is lost", "data lost", "data has been lost",
		"data got lost", "lost all", "lost everything", "lost the data", "lost order",
		"lost record", "lost file", "lost message", "lost history", "lost work", "lost change",
		"lost customer data", "lost transaction", "lost entry", "lose data", "losing data",
		"data is gone", "data gone", "all gone", "deleted all", "all deleted", "wiped", "wiped out",
		"erased", "corrupted", "corrupt", "corruption", "overwritten", "overwrote", "disappeared",
		"vanished", "gone missing", "datenverlust", "perte de données", "pérdida de datos",
	}},
	{kDataLoss, 3, []string{
		"missing data", "missing record", "missing order", "missing invoice", "missing message",
		"missing file", "missing entry", "missing transaction", "data missing", "records missing",
		"orders missing", "is gone", "are gone", "=deleted", "got deleted", "was deleted", "were deleted",
		"been deleted", "went missing", "was lost", "were lost", "got lost", "been lost",
	}},
	{kDataLoss, 2, []string{"accidentally deleted", "deleted by mistake", "accidentally removed"}},
	{kOutage, 4, []string{
		"outage", "major outage", "complete outage", "completely down", "totally down", "entirely down",
		"all down", "everything is down", "nothing works", "nothing is working", "nothing work",
		"nothing loads", "nothing load", "dead in the water", "ausfall", "en panne", "caído",
	}},
	{kOutage, 3, []string{
		"down", "offline", "went offline", "unreachable", "unavailable", "not available",
		"not accessible", "inaccessible", "unresponsive", "went down", "goes down",
		"keeps going down", "service unavailable", "nicht erreichbar", "unable to connect",
	}},
	{kBroken, 3, []string{
		"fail", "failing", "failure", "broken", "broke", "breaks", "is broken", "crash", "crashes",
		"crashing", "exception", "stack trace", "traceback", "timeout", "timed out", "times out",
		"timing out", "hanging", "hangs", "frozen", "freezes", "freezing", "froze", "blank page",
		"blank screen", "white screen", "empty page", "spinning forever", "keeps spinning",
		"infinite loop", "nothing happens", "get error", "getting error", "got error", "not get any",
		"not receive any", "load forever", "loading forever", "spin", "spinning", "just spins",
		"throws error", "throw error", "shows error", "showing error", "returns error", "see error",
		"seeing error", "access denied", "locked out", "funktioniert nicht", "declined", "rejected",
		"rejects", "rejecting", "denied", "expired", "blank", "error rate", "spike in error",
		"error spike", "elevated error", "econnrefused", "econnreset", "etimedout", "connection refused",
		"connection reset", "connection timed out", "ssl error", "certificate error", "out of memory",
		"=dropped", "does nothing", "do nothing", "did nothing", "no response",
		"oom", "segfault", "deadlock", "load without", "loads without", "show no data", "no data showing",
		"no data shown", "show zero", "show 0", "show €0", "show $0", "show £0", "show nothing",
		"is empty", "are empty", "unusable", "useless", "not usable", "return nothing", "returns nothing",
		"return no result", "returns no result", "no results at all", "empty list", "empty response",
		"empty result", "all zero", "all zeros", "all 0", "fehlgeschlagen", "nicht mehr", "n'arrive pas",
		"n'arrive plus", "ne peux pas", "ne peut pas", "ne peuvent pas", "ne pouvons pas", "impossible de",
		"ne fonctionne plus", "ne marche plus", "no pueden", "no puedo", "no podemos", "no puede", "ya no",
		"geht nicht", "kaputt", "ne fonctionne pas", "ne marche pas", "no funciona", "no carga",
	}},
	{kBug, 2, []string{
		"bug", "buggy", "=issue", "=issues", "problem", "trouble", "glitch", "wrong", "incorrect", "inaccurate",
		"mismatch", "discrepancy", "error", "unexpected", "strange", "weird", "not correct",
		"not right", "duplicate", "duplicated", "is missing", "are missing", "logged out",
		"keeps logging me out", "logs me out", "logged me out", "logging me out", "kicks me out",
		"kicked out", "log in again", "login again", "sign in again", "stuck", "bounce", "bouncing",
		"not found", "invalid", "broken link", "not match", "are different", "is different",
		"inconsistent", "out of sync", "skipped", "skipping", "=drops", "=dropping", "off by",
		"instead of", "gap", "holes in", "=ignores", "=ignored", "double booking", "double booked", "double order", "double payment", "double entry",
		"empties itself", "empty itself", "clears itself", "resets itself", "reset itself",
		"disconnect", "disconnects", "disconnected", "disconnecting", "fehler", "erreur", "problème",
		"problema", "out of order", "to spam", "in spam", "spam folder", "jump back", "jumping back",
		"jumps back", "revert", "reverts", "reverted", "reverting", "look off by", "higher than", "lower than",
		"=differs", "=differ", "different than", "does not find",
	}},
	{kDegraded, 2, []string{
		"slow", "slowly", "slower", "slowness", "sluggish", "laggy", "lag", "lagging", "latency",
		"takes forever", "taking forever", "takes age", "taking age", "takes minute", "performance",
		"degraded", "degradation", "partial", "partially", "delayed", "delay", "backlog", "high cpu",
		"memory leak", "unstable", "partial outage", "stutter", "stutters", "stuttering", "buffering",
		"choppy", "jitter", "jittery", "flicker", "flickering", "take * day", "take * hour", "take longer", "takes longer", "taking longer",
		"take a long time", "takes a long time", "taking a long time", "long time to load",
		"longer than usual", "slower than usual", "instead of instantly", "late", "take * second",
		"take * minute", "take * + second", "take * + minute", "second to load", "minute to load",
		"take an hour", "take hours", "take a day", "take days", "take minutes", "take a few minute",
		"take several minute", "take about a minute", "take about * second", "take about * minute",
		"take about an hour", "take around * second", "take around * minute", "take over a minute",
		"take over * minute", "take up to * minute", "take like * second", "take like * minute",
		"leak memory", "leaking memory", "langsam", "lent", "lento",
	}},
	{kMoney, 3, []string{
		"charged twice", "double charged", "charged double", "double charge", "duplicate charge",
		"charged two times", "charged multiple times", "charged three times", "overcharged",
		"over charged", "overbilled", "billed twice", "charged the wrong amount", "wrong amount",
		"charged incorrectly", "incorrect charge", "unexpected charge", "unauthorized charge",
		"still being charged", "charged after cancel", "chargeback", "money was taken", "payment taken",
		"paid but", "not been paid", "payout missing", "missing payout", "still charged", "still billed",
		"still being billed", "money has left", "money left", "money was deducted", "was debited",
		"been debited", "debited twice", "charged again",
	}},
	{kMoney, 2, []string{"refund"}},
	{kImpact, 3, []string{
		"losing money", "losing revenue", "losing sale", "losing order", "losing customer",
		"losing business", "lost sale", "lost revenue", "losing thousand", "costing us", "revenue loss",
		"revenue impact", "loss of revenue", "killing our business", "killing us", "conversion drop",
		"conversions drop", "conversion rate drop", "drop in conversion", "sales drop", "drop in sales",
		"revenue drop", "drop in revenue", "threatening to leave", "threaten to cancel",
	}},
	{kMoneyCtx, 0, []string{
		"invoice", "billing", "bill", "charge", "charged", "payment", "paid", "pay", "price",
		"pricing", "subscription", "vat", "tax", "payout", "credit card", "dollar", "euro", "revenue",
		"money", "fee", "transaction", "total", "refund", "order", "payroll", "salary", "wage", "payslip",
	}},
	{kIntermittent, 0, []string{
		"sometimes", "occasionally", "intermittent", "intermittently", "sporadic", "sporadically",
		"randomly", "random", "from time to time", "every now and then", "now and then",
		"once in a while", "on and off", "off and on", "flaky", "flakey", "hit or miss",
		"every so often", "some of the time", "not always", "periodically", "at times", "once or twice",
		"twice", "two times", "three times", "several times", "multiple times", "a few times",
		"a couple of times",
	}},
	{kWorkaround, 0, []string{
		"workaround", "work around", "worked around", "we can still", "i can still", "still able to",
		"if i refresh", "if we refresh", "after refreshing", "refreshing fixes", "refreshing the page fixes",
		"retry works", "retrying works", "works after a retry", "works on the second try",
		"works in another browser", "works in incognito", "works on mobile", "manually for now",
		"until i reload", "until they reload", "until we reload", "until i refresh", "until they refresh",
		"until we refresh", "after reloading", "reloading fixes", "reload fixes", "pull to refresh",
		"fix it manually", "fix them manually", "fix it by hand", "fix them by hand", "correct it manually",
		"correct them manually", "correct it by hand", "correct them by hand", "as a workaround",
	}},
	{kUrgent, 0, []string{
		"urgent", "urgently", "asap", "as soon as possible", "emergency", "critical", "blocker",
		"blocking", "blocked", "showstopper", "immediately", "right away", "top priority",
		"high priority", "highest priority", "p1", "sev1", "sev 1", "priority 1", "escalate",
		"time sensitive", "dringend", "urgente",
	}},
	{kCalm, 0, []string{
		"not urgent", "no rush", "no hurry", "not in a hurry", "when you have time",
		"when you get a chance", "when you get the chance", "whenever you can", "whenever you have time",
		"at your convenience", "low priority", "not a priority", "not a big deal", "no big deal",
		"not critical", "not blocking", "not a blocker", "minor", "small issue", "small thing",
		"just curious", "just wondering", "out of curiosity", "nice to have",
		"not time sensitive", "it can wait", "can wait", "not affecting", "not affect", "no impact",
		"not impacting", "not a showstopper", "not a problem for us", "not a big problem", "false alarm",
		"just a heads up", "nothing dramatic", "nothing serious", "nothing major",
		"just letting you know", "just fyi", "fyi",
	}},
	{kResolved, 0, []string{
		"works now", "working now", "is working now", "working again", "works again", "back to normal",
		"back online", "back up and running", "is back up", "came back up", "came back online",
		"resolved itself", "resolved now", "has been resolved", "is resolved", "fixed now",
		"is fixed now", "has been fixed", "got fixed", "we =fixed it", "i =fixed it", "fixed itself",
		"sorted now", "all sorted", "sorted it out", "sorted out", "all good now", "never mind",
		"nevermind", "figured it out", "problem solved", "solved it", "solved now", "went away",
		"recovered", "seems fine now", "fine now", "ok now", "okay now", "no longer an issue",
		"for fixing", "for the fix", "for the quick fix",
		"not an issue anymore", "cleared up",
	}},
	{kHedge, 0, []string{
		"maybe", "might", "might be", "may be", "perhaps", "possibly", "not sure if", "not sure whether",
		"could be", "wondering if", "is it possible that", "i believe",
	}},
	{kHowTo, 1, []string{
		"how do i", "how can i", "how to", "how does", "how do we", "how can we", "how should i",
		"how should we", "how would i", "is there a way", "is it possible", "is there any way",
		"where can i", "where do i", "where is the", "where to", "what is the best way", "best way to",
		"can you explain", "could you explain", "can you tell me", "could you tell me",
		"help me understand", "what does", "what is the difference", "question about", "quick question",
		"have a question", "wondering", "not sure how", "tutorial",
		"instructions", "walk me through", "step by step", "any tips", "advice", "recommend",
		"do you support", "does it support", "is this expected", "is something wrong",
		"is there something wrong", "is anything wrong", "is there an issue", "is there a problem",
		"expected behavior", "expected behaviour", "is that normal", "is this normal", "is that expected",
		"is there another way", "any other way",
	}},
	{kFeature, 1, []string{
		"feature request", "would be nice", "would be great", "would be helpful", "would be awesome",
		"would be cool", "would love", "it would help", "could you add", "can you add", "please add",
		"please consider", "add support", "suggestion", "i suggest", "enhancement", "wish",
		"wishlist", "roadmap", "any plans", "plans to support", "missing feature", "not supported",
	}},
	// Cosmetic means a visual defect, not a visual noun: "the logo is blurry"
	// is cosmetic, "logo upload fails" and "label printing is slow" are not.
	{kCosmetic, 1, []string{
		"typo", "misspelled", "misspelling", "spelling mistake", "spelling error", "grammar",
		"misaligned", "alignment", "not aligned", "overlapping", "overlaps", "cosmetic", "padding",
		"looks off", "looks weird", "look off", "ui glitch", "visual glitch",
		"visual bug", "tooltip", "wording", "translation", "styling", "blurry", "pixelated",
		"cut off", "dark mode", "not centered", "too small", "too big", "hard to read", "branding",
		"match our brand", "brand color", "brand colour",
	}},
	{kThanks, 1, []string{"thanks", "thank you", "thx", "cheers", "appreciate", "great job", "kudos"}},
	{kCannot, 3, []string{"can not", "could not", "unable to", "not able to", "impossible to"}},
}

// After "can't", a help verb turns a failure into a question ("I can't find
// where to change my email") and an idiom verb into nothing at all ("can't
// wait", "can't thank you enough").
var (
	helpVerbs = map[string]bool{
		"find": true, "figure": true, "locate": true, "understand": true, "remember": true,
		"tell": true, "decide": true, "recall": true,
	}
	idiomVerbs = map[string]bool{
		"wait": true, "believe": true, "thank": true, "stress": true, "imagine": true, "say": true,
		"emphasize": true, "recommend": true, "praise": true, "reproduce": true, "replicate": true,
	}
)

// negators turn the next few words around; fillers may sit inside a phrase
// without breaking it ("not even loading", "lost all our data").
var (
	negators = map[string]bool{
		"not": true, "no": true, "never": true, "without": true, "nothing": true, "none": true,
		"nor": true, "neither": true, "hardly": true, "barely": true, "zero": true,
	}
	fillers = map[string]bool{
		"even": true, "really": true, "still": true, "just": true, "actually": true, "currently": true,
		"suddenly": true, "always": true, "properly": true, "correctly": true, "our": true, "my": true,
		"the": true, "a": true, "an": true, "some": true, "any": true, "your": true, "their": true,
		"this": true, "that": true, "being": true, "been": true, "be": true, "getting": true,
		"get": true, "got": true, "anymore": true, "same": true, "following": true, "these": true,
		"those": true, "of": true, "seem": true, "to": true, "totally": true,
		"completely": true, "weird": true, "strange": true, "new": true, "existing": true,
		"active": true, "paying": true,
	}
)
