package triage

// signal is a phrase that says something about severity, after context has
// been read: a negated phrase is set aside, a hypothetical failure becomes a
// question, a hedged one weighs less.
type signal struct {
	kind     kind
	level    int8
	from, to int  // tokens
	spec     int8 // specificity: longer phrases and error codes explain best
	negator  int  // the negating token for a negated signal, else -1
}

// detect finds the severity signals of a text. active are the signals that
// count; negated are those the customer denied ("no data was lost"), kept as
// evidence because they lowered the severity.
func detect(toks []token, m *matcher) (active, negated []signal) {
	codes := errorCodes(toks)
	covered := make([]bool, len(toks))
	var ms []match
	for _, x := range m.find(toks) {
		if !overlapsAny(x.from, x.to, codes) {
			ms = append(ms, x)
			mark(covered, x.from, x.to)
		}
	}
	for _, c := range codes {
		mark(covered, c.from, c.to)
	}
	codes = append(codes, notDone(toks, covered)...)
	codes = append(codes, namedErrors(toks, covered)...)
	codes = append(codes, countedPeople(toks)...) // modifiers: they hide no phrase
	sigs := make([]signal, 0, len(ms)+len(codes))
	sigs = append(sigs, codes...)
	for _, x := range ms {
		s := signal{kind: x.kind, level: x.level, from: x.from, to: x.to, spec: int8(len(x.keys)), negator: -1}
		switch {
		case s.kind == kCannot:
			s.kind, s.level, s.to = cannot(toks, x.to)
		case s.kind == kOutage && len(x.keys) == 1 && x.keys[0] == "down" && !outageDown(toks, x.from):
			s.kind = kNone
		case s.kind == kOutage && s.level == 3 && productWide(toks, x.from):
			s.level = 4
		}
		if s.kind != kNone {
			sigs = append(sigs, s)
		}
	}
	conds := conditionalSentences(toks)
	for _, s := range sigs {
		if neg := negatorBefore(toks, covered, s.from); neg >= 0 && negatable(s.kind) {
			switch s.kind {
			case kBreadthAll:
				s.kind = kBreadthSome // "not all users": some are
			case kBreadthSome:
				s.kind = kNarrow // "not many users"
			case kNarrow:
				s.kind = kBreadthSome // "not just me"
			default:
				s.negator = neg
				negated = append(negated, s)
				continue
			}
		}
		if s.kind.isProblem() && conds[toks[s.from].sent] {
			s.kind, s.level = kHowTo, 1 // "if the payment fails, …?" asks, it does not report
		}
		if toks[s.from].quoted && !s.kind.isProblem() {
			continue // "'bank not supported'" is a message shown, not a request
		}
		active = append(active, s)
	}
	active = retell(toks, active)
	active = append(active, expectations(toks, active)...)
	active = append(active, sufferers(toks, active)...)
	return hedgeAndPrice(toks, active), negated
}

// hedgeAndPrice raises a wrong figure next to money ("the invoice total is
// wrong", "the order is created twice") to a money problem and the loss of
// much data ("half of our leads are gone") to the worst, then lowers what
// the customer is unsure of ("it might be down", "is the API down?", "which
// I believe is wrong") and security words in a question ("is this
// phishing?"; "how do I see another user's invoices?" only asks). Helper
// kinds are dropped afterwards.
func hedgeAndPrice(toks []token, sigs []signal) []signal {
	out := make([]signal, 0, len(sigs))
	for i, s := range sigs {
		if s.kind == kBug && wrongValue[toks[s.from].stem] && sentenceHas(toks, sigs, i, kMoneyCtx) &&
			!sentenceHas(toks, sigs, i, kCosmetic) {
			s.kind, s.level = kMoney, 3
		}
		if s.kind == kDataLoss && s.level == 3 && bulk(toks, s.from) {
			s.level = 4
		}
		unsure := (s.kind == kOutage || s.kind == kBroken || s.kind == kDataLoss || s.kind == kMoney || s.kind == kSecurity) && s.level > 1
		for _, h := range sigs {
			if unsure && h.kind == kHedge && h.to < s.from && s.from-h.to <= 5 && toks[h.to].clause == toks[s.from].clause {
				s.level--
				unsure = false
			}
		}
		if unsure && s.kind != kSecurity && asksYesNo(toks, s.from) {
			s.level--
		}
		if s.kind == kSecurity && question(toks, s.from) {
			if unsure {
				s.level--
			}
			if sentenceHas(toks, sigs, i, kHowTo) {
				s.kind, s.level = kHowTo, 1
			}
		}
		if s.kind.isProblem() && s.kind != kSecurity && s.level > 2 && diminished(toks, s.from) {
			s.level-- // "small discrepancies"; "a bit slow" stays medium
		}
		if s.kind != kHedge && s.kind != kMoneyCtx {
			out = append(out, s)
		}
	}
	return out
}

func sentenceHas(toks []token, sigs []signal, i int, k kind) bool {
	for _, o := range sigs {
		if o.kind == k && toks[o.from].sent == toks[sigs[i].from].sent {
			return true
		}
	}
	return false
}

// negatable lists the kinds a "not" in front reverses. Calm phrases carry
// their own negation ("not urgent"); hedges and thanks have none.
func negatable(k kind) bool {
	return k != kCalm && k != kHedge && k != kThanks && k != kMoneyCtx && k != kBrokenAll
}

// negatorBefore returns the index of a negating word among the three words
// before tokens[i] in the same clause, or -1. "not only" and "not sure" do
// not negate what follows them, and a word inside another phrase is spoken
// for ("no longer works" is a failure, not a denial).
func negatorBefore(toks []token, covered []bool, i int) int {
	words := 0
	for j := i - 1; j >= 0 && words < 3; j-- {
		t := toks[j]
		if t.brk != brkNone || t.clause != toks[i].clause {
			return -1
		}
		if t.kind != tokWord {
			continue
		}
		words++
		if negators[t.low] && !covered[j] {
			if j+1 < len(toks) && (toks[j+1].low == "only" || toks[j+1].low == "just" || toks[j+1].low == "sure") {
				return -1
			}
			return j
		}
	}
	return -1
}

func mark(covered []bool, from, to int) {
	for k := from; k <= to; k++ {
		covered[k] = true
	}
}

func overlapsAny(from, to int, sigs []signal) bool {
	for _, s := range sigs {
		if from <= s.to && s.from <= to {
			return true
		}
	}
	return false
}
