package triage

import "math"

// span is a run of tokens quoted as evidence.
type span struct{ from, to int }

// verdict is the severity decision before it is turned into core types.
type verdict struct {
	level      int // 1 low … 4 critical
	confidence float64
	evidence   []span
}

// facts are what the severity rules read besides the signals themselves.
type facts struct {
	criticalPath bool // the affected service is on the critical path
	timeSaid     bool // the customer said when: the problem is live, not a question
}

// decide weighs the signals as a senior support engineer would. Security
// incidents and outright data loss are critical whatever else is said. For
// everything else the worst problem sets a base level, which breadth and a
// critical-path service raise, and a narrow scope, intermittence, a
// workaround, calm words or a fix lower; questions, requests and cosmetics
// end low unless something is really broken.
func decide(toks []token, active, negated []signal, f facts) verdict {
	var v verdict
	var have [kThanks + 1]*signal
	immune, problem := (*signal)(nil), (*signal)(nil)
	failing := false // something is actually broken, beyond "we are losing money"
	for i := range active {
		s := &active[i]
		if have[s.kind] == nil || s.level > have[s.kind].level {
			have[s.kind] = s
		}
		switch {
		case s.kind == kSecurity || s.kind == kDataLoss && s.level == 4:
			immune = better(immune, s)
		case s.kind.isProblem() || s.kind == kImpact:
			problem = better(problem, s)
		}
		failing = failing || s.kind.isProblem()
	}
	p, base, incident := 0, 0, 0
	if problem != nil {
		p, base = int(problem.level), int(problem.level)
		v.evidence = append(v.evidence, span{problem.from, problem.to})
	}
	use := func(k kind) { v.evidence = append(v.evidence, span{have[k].from, have[k].to}) }
	// Money lost right now while something fails is as wide as it gets.
	wide := have[kBreadthAll] != nil || have[kBrokenAll] != nil || have[kImpact] != nil && failing
	if p >= 2 {
		switch {
		case have[kBreadthAll] != nil:
			p++
			use(kBreadthAll)
		case wide:
			p++
		case have[kBreadthSome] != nil && p == 2:
			p = 3
			use(kBreadthSome)
		}
		// On a critical-path service an outage is total and a failure that
		// several customers hit is critical; elsewhere breadth decides.
		if f.criticalPath && (problem.kind == kOutage || base >= 3 && have[kBreadthSome] != nil) {
			p++
		}
		p = min(p, 4)
		incident = p
		for _, k := range []kind{kNarrow, kIntermittent, kWorkaround} {
			if have[k] != nil && p >= 3 && !(wide && k != kWorkaround) {
				p--
				use(k)
			}
		}
		if have[kUrgent] != nil && p == 2 {
			p = 3
			use(kUrgent)
		}
	} else if have[kUrgent] != nil {
		p = 2
		use(kUrgent)
	}
	// A fixed problem leaves a question: why did a real incident happen
	// (medium), or nothing much (low).
	if have[kResolved] != nil && p > 1 {
		p = 1
		if incident >= 3 {
			p = 2
		}
		use(kResolved)
	}
	if have[kCalm] != nil && p > 1 {
		p--
		use(kCalm)
	}
	if intent := firstIntent(have); intent != nil {
		switch {
		case p <= 2:
			p = 1
			v.evidence = append(v.evidence, span{intent.from, intent.to})
		case p == 3 && !wide && !f.timeSaid && have[kUrgent] == nil && toks[intent.from].sent == toks[problem.from].sent:
			p = 2 // a question about an error, not a report of one
			v.evidence = append(v.evidence, span{intent.from, intent.to})
		}
	}
	v.level = max(p, 1)
	if immune != nil && int(immune.level) >= v.level {
		v.level = int(immune.level)
		v.evidence = []span{{immune.from, immune.to}}
	}
	for _, n := range negated {
		if n.kind.isProblem() && int(n.level) > v.level && len(v.evidence) < 3 {
			v.evidence = append(v.evidence, span{n.negator, n.to})
		}
	}
	for _, k := range []kind{kCalm, kResolved, kThanks} {
		if len(v.evidence) == 0 && have[k] != nil && v.level == 1 {
			use(k) // what made a quiet message low
		}
	}
	if len(v.evidence) > 3 {
		v.evidence = v.evidence[:3]
	}
	v.confidence = confidence(v, active, negated, problem, immune)
	return v
}

// better prefers the higher level, then the more specific phrase.
func better(cur, s *signal) *signal {
	if s == nil {
		return cur
	}
	if cur == nil || s.level > cur.level || s.level == cur.level && s.spec > cur.spec {
		return s
	}
	return cur
}

func firstIntent(have [kThanks + 1]*signal) *signal {
	for _, k := range []kind{kHowTo, kFeature, kCosmetic} {
		if have[k] != nil {
			return have[k]
		}
	}
	return nil
}

// confidence grows with the number of signals that agree with the verdict
// and shrinks with those that pull the other way; a text with no signal at
// all gets the default severity with little confidence.
func confidence(v verdict, active, negated []signal, problem, immune *signal) float64 {
	if len(active) == 0 && len(negated) == 0 {
		return 0.35
	}
	agree, disagree := 0, len(negated)
	for _, s := range active {
		switch {
		case s.kind.isProblem() && abs(int(s.level)-v.level) <= 1, s.kind == kImpact:
			agree++
		case s.kind.isProblem():
			disagree++
		}
	}
	c := 0.5 + 0.12*float64(min(agree, 3)) - 0.1*float64(min(disagree, 2))
	if top := problem; top != nil && top.spec >= 5 || immune != nil && immune.spec >= 5 {
		c += 0.05 // an error code is as clear as a report gets
	}
	if agree == 0 {
		c = 0.45 + 0.1*float64(min(len(v.evidence), 2))
	}
	return math.Round(min(max(c, 0.3), 0.97)*100) / 100
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
