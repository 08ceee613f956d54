package triage

// affected picks the service the conversation is about: the one named most
// and most specifically, where a mention in the sentence of a problem counts
// more, the verb right after "can't" or "nobody can" more still ("nobody can
// log in to the dashboard" is about login), and a mention in a clause that
// says it works ("search is fine") counts less.
// ok is false when no service is named.
func (c *catalog) affected(toks []token, ms []mention, active []signal) (service int, at mention, ok bool) {
	if len(ms) == 0 {
		return 0, mention{}, false
	}
	scores := make([]float64, len(c.services))
	for k, m := range ms {
		w := m.weight
		if problemNear(toks, active, m, false) {
			w += 0.5
		}
		if problemNear(toks, active, m, true) {
			w += 0.2 // "charts are empty, but the events API returns 200"
		}
		if !m.inflected && problemAdjacent(toks, active, m) {
			w += 0.3
		}
		if k+1 < len(ms) && ms[k+1].from == m.to+1 && ms[k+1].service != m.service {
			w *= 0.5 // "payroll reports": the first noun only qualifies the second
		}
		if fineClause(toks, m) && !problemNear(toks, active, m, true) {
			w *= 0.3
		}
		if toks[m.from].quoted {
			w *= 0.3 // a label or an error message, not what the customer is about
		}
		scores[m.service] += w
	}
	service = ms[0].service
	for _, m := range ms { // earliest mention wins a tie
		if scores[m.service] > scores[service] {
			service = m.service
		}
	}
	for _, m := range ms {
		if m.service == service && (!ok || m.weight > at.weight) {
			at, ok = m, true
		}
	}
	return service, at, true
}

// problemNear reports a problem signal in the mention's sentence, or in its
// clause when sameClause is set.
func problemNear(toks []token, active []signal, m mention, sameClause bool) bool {
	for _, s := range active {
		if !s.kind.isProblem() {
			continue
		}
		a, b := toks[s.from], toks[m.from]
		if sameClause && a.clause == b.clause || !sameClause && a.sent == b.sent {
			return true
		}
	}
	return false
}

// problemAdjacent reports a mention that is the object of an inability:
// "nobody can log in", "can't access reports", "unable to pay".
func problemAdjacent(toks []token, active []signal, m mention) bool {
	for _, s := range active {
		if !s.kind.isProblem() || toks[s.from].clause != toks[m.from].clause {
			continue
		}
		inside := m.from > s.from && m.from <= s.to
		afterModal := m.from == s.to+1 && (toks[s.to].low == "can" || toks[s.to].low == "could" || toks[s.to].low == "to")
		if inside || afterModal {
			return true
		}
	}
	return false
}

// fineClause reports words saying the mentioned service works.
func fineClause(toks []token, m mention) bool {
	c := toks[m.from].clause
	for i := m.from; i >= 0 && toks[i].clause == c; i-- {
		if fineWords[toks[i].low] {
			return true
		}
	}
	for i := m.to + 1; i < len(toks) && toks[i].clause == c; i++ {
		if fineWords[toks[i].low] {
			return true
		}
	}
	return false
}

var fineWords = map[string]bool{"fine": true, "ok": true, "okay": true, "normally": true,
	"unaffected": true, "correctly": true, "perfectly": true}
