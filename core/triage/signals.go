package triage

import "slices"

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
	return hedgeAndPrice(toks, retell(toks, active)), negated
}

// hedgeAndPrice lowers failures the customer is unsure of ("it might be
// down", "is the API down?") and raises a wrong figure next to money ("the
// invoice total is wrong", "the order is created twice") to a money problem.
// Helper kinds are dropped afterwards.
func hedgeAndPrice(toks []token, sigs []signal) []signal {
	out := make([]signal, 0, len(sigs))
	for i, s := range sigs {
		unsure := (s.kind == kOutage || s.kind == kBroken || s.kind == kDataLoss) && s.level > 1
		for _, h := range sigs {
			if unsure && h.kind == kHedge && h.to < s.from && s.from-h.to <= 5 && toks[h.to].clause == toks[s.from].clause {
				s.level--
				unsure = false
			}
		}
		if unsure && s.kind == kOutage && asksYesNo(toks, s.from) {
			s.level--
		}
		if s.kind == kBug && wrongValue[toks[s.from].stem] && sentenceHas(toks, sigs, i, kMoneyCtx) &&
			!sentenceHas(toks, sigs, i, kCosmetic) {
			s.kind, s.level = kMoney, 3
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

// diminished reports a word that makes the problem after it small.
func diminished(toks []token, i int) bool {
	for k := i - 1; k >= 0 && k >= i-2 && toks[k].clause == toks[i].clause; k-- {
		if diminishers[toks[k].low] {
			return true
		}
	}
	return false
}

var diminishers = words("small", "slight", "slightly", "tiny", "little", "bit", "somewhat")

// wrongValue are the bug words that, next to money, mean money is wrong.
var wrongValue = stems("wrong", "incorrect", "inaccurate", "mismatch", "discrepancy", "duplicate",
	"duplicated", "twice", "different", "inconsistent")

// retell reads the words whose meaning depends on their neighbours: "twice"
// after a failure says how often ("failed twice"), alone it says a thing
// happened once too many ("the order is created twice"); an incident named
// as a landmark ("since the outage yesterday") is no report of one.
func retell(toks []token, sigs []signal) []signal {
	for i := range sigs {
		s := &sigs[i]
		switch {
		case s.kind == kIntermittent && isRepeat(toks[s.from].low):
			switch {
			case failureJustBefore(toks, sigs, s.from):
			case clauseHas(toks, sigs, s.from, func(k kind) bool { return k.isProblem() }):
				s.kind = kNone // "even after resetting it twice": attempts, not frequency
			default:
				s.kind, s.level = kBug, 2
			}
		case s.kind == kOutage && s.from >= 2 && toks[s.from-1].low == "the" && landmarkWords[toks[s.from-2].low]:
			s.kind = kNone
		case s.kind == kBug && toks[s.to].low == "missing" && dataNounNear(toks, s.from, s.to):
			s.kind, s.level = kDataLoss, 3 // "our invoices … are missing"
		case s.kind == kDataLoss && vanishing[toks[s.to].low] && !dataNounNear(toks, s.from, s.to):
			s.kind, s.level = kBroken, 3 // "the chat widget disappeared" is broken, not lost data
		case s.kind == kBreadthAll && qualified(toks, s.to):
			s.kind = kBreadthSome // "every user from Brazil" is a part, not all
		case s.kind == kBreadthSome && qualified(toks, s.to):
			s.kind = kNone // "some customers using Safari": a part of a part
		case s.kind == kMoneyCtx && disputed(toks, s.from):
			s.kind, s.level = kMoney, 3 // "charged for 12 seats but we only have 9"
		}
	}
	return slices.DeleteFunc(sigs, func(s signal) bool { return s.kind == kNone })
}

// failureJustBefore reports a problem ending at most two tokens before i.
func failureJustBefore(toks []token, sigs []signal, i int) bool {
	for _, o := range sigs {
		if o.kind.isProblem() && o.to < i && i-o.to <= 2 && toks[o.to].clause == toks[i].clause {
			return true
		}
	}
	return false
}

// dataNounNear reports a record-like noun before [from, to] in its clause
// (the subject) or within five words after it.
func dataNounNear(toks []token, from, to int) bool {
	for k, n := from-1, 0; k >= 0 && n < 12 && toks[k].clause == toks[from].clause; k-- {
		if toks[k].kind == tokWord {
			n++
			if dataNouns[toks[k].stem] {
				return true
			}
		}
	}
	for k, n := to+1, 0; k < len(toks) && n < 5 && toks[k].clause == toks[to].clause; k++ {
		if toks[k].kind == tokWord {
			n++
			if dataNouns[toks[k].stem] {
				return true
			}
		}
	}
	return false
}

// qualified reports "from Brazil", "in Canada", "using Safari", "of ours",
// "we try" right after a breadth phrase: everyone of a kind, or everything
// of one customer, which is some, not all.
func qualified(toks []token, to int) bool {
	return to+1 < len(toks) && qualifiers[toks[to+1].low]
}

var qualifiers = words("from", "in", "on", "using", "with", "who", "that", "which", "located", "based",
	"of", "we", "i")

// disputed reports a charge the customer contests in the same sentence:
// "charged for 12 seats but we only have 9", "billed even though we cancelled".
func disputed(toks []token, i int) bool {
	if w := toks[i].low; w != "charged" && w != "billed" && w != "invoiced" && w != "charging" {
		return false // the verb, not "invoices show the old address"
	}
	for k := i + 1; k < len(toks) && toks[k].sent == toks[i].sent; k++ {
		if contrastWords[toks[k].low] {
			return true
		}
	}
	return false
}

var contrastWords = words("but", "although", "though", "despite", "yet", "however")

var dataNouns = stems("data", "invoice", "order", "record", "file", "message", "entry", "transaction",
	"contact", "event", "document", "payment", "row", "history", "conversation", "ticket", "note", "photo",
	"statement", "report", "address", "item", "project", "rating", "review", "profile", "account",
	"user", "setting", "comment", "post", "image", "video", "course", "listing", "product", "customer",
	"booking", "reservation", "everything", "all")

// vanishing are the words that mean lost data only when data vanished.
var vanishing = words("disappeared", "vanished", "gone", "missing")

func isRepeat(w string) bool {
	return w == "twice" || w == "two" || w == "three" || w == "several" || w == "multiple"
}

var landmarkWords = words("since", "after", "before", "during", "from")

func clauseHas(toks []token, sigs []signal, i int, want func(kind) bool) bool {
	for _, o := range sigs {
		if want(o.kind) && toks[o.from].clause == toks[i].clause {
			return true
		}
	}
	return false
}

// asksYesNo reports a question that starts with a verb ("Is the API down?"):
// the customer asks whether, they do not report that.
func asksYesNo(toks []token, i int) bool {
	sent := toks[i].sent
	first := i
	for first > 0 && toks[first-1].sent == sent {
		first--
	}
	last := i
	for last+1 < len(toks) && toks[last+1].sent == sent {
		last++
	}
	return toks[last].low == "?" && yesNoOpeners[toks[first].low]
}

var yesNoOpeners = words("is", "are", "was", "were", "did", "does", "do", "has", "have", "can", "could")

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
