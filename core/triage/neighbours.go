package triage

import (
	"slices"
	"strconv"
)

// Words whose meaning depends on their neighbours, read after the lexicon
// has matched: how often against how many, a landmark against an incident, a
// part of the catalog against a record, a question against a report.

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

// retell rereads signals by their neighbours: "twice" after a failure says
// how often ("failed twice"), alone a thing happened once too many ("the
// order is created twice"); an incident named as a landmark ("since the
// outage yesterday") is no report of one; "missing" and "disappeared" are
// lost data only next to data; breadth with a qualifier ("every user from
// Brazil") is a part; "charged … but" is a disputed charge.
func retell(toks []token, sigs []signal) []signal {
	for i := range sigs {
		s := &sigs[i]
		switch {
		case s.kind == kIntermittent && isRepeat(toks[s.from].low):
			switch {
			case failureJustBefore(toks, sigs, s.from):
			case clauseHas(toks, sigs, s.from, func(k kind) bool { return k == kMoney }):
				s.kind, s.level = kMoney, 3 // "the refund was processed twice"
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
		case s.kind == kBreadthSome && qualified(toks, s.to) && people[toks[s.to].stem]:
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
// "charged for 12 seats but we only have 9", "billed even though we
// cancelled", "charged for the add-on we cancelled in December".
func disputed(toks []token, i int) bool {
	if w := toks[i].low; w != "charged" && w != "billed" && w != "invoiced" && w != "charging" {
		return false // the verb, not "invoices show the old address"
	}
	if i > 0 && negators[toks[i-1].low] {
		return false // "so that we are not charged"
	}
	for k := i + 1; k < len(toks) && toks[k].sent == toks[i].sent; k++ {
		if contrastWords[toks[k].low] {
			return true
		}
	}
	first, last := sentenceBounds(toks, i)
	for k := first; k <= last; k++ {
		if cancelWords[toks[k].low] {
			return true
		}
	}
	return false
}

var (
	contrastWords = words("but", "although", "though", "despite", "yet", "however")
	cancelWords   = words("cancelled", "canceled", "cancel", "cancelling", "canceling", "unsubscribed",
		"downgraded", "terminated")
)

func sentenceBounds(toks []token, i int) (first, last int) {
	first, last = i, i
	for first > 0 && toks[first-1].sent == toks[i].sent {
		first--
	}
	for last+1 < len(toks) && toks[last+1].sent == toks[i].sent {
		last++
	}
	return first, last
}

// bulk reports a sentence that speaks of much data at once: "all our
// orders", "half of them", "the entire history", "3,000 leads", "2 weeks
// of appointments".
func bulk(toks []token, i int) bool {
	first, last := sentenceBounds(toks, i)
	for k := first; k <= last; k++ {
		t := toks[k]
		switch {
		case t.kind == tokWord && bulkWords[t.low]:
			return true
		case t.kind == tokWord && spanUnits[t.low] && k > first && k+1 <= last && toks[k+1].low == "of" &&
			(toks[k-1].kind == tokNum || numberWords[toks[k-1].low] > 1):
			return true // "two years of history"
		case t.kind == tokNum && k+1 <= last && toks[k+1].kind == tokWord && toks[k+1].form != toks[k+1].low:
			if n, err := strconv.Atoi(stripCommas(t.low)); err == nil && n >= 100 {
				return true // a plural noun counted in hundreds
			}
		}
	}
	return false
}

var (
	bulkWords = words("all", "half", "entire", "whole", "every", "everything")
	spanUnits = words("days", "weeks", "months", "years")
)

// question reports a sentence that ends with a question mark.
func question(toks []token, i int) bool {
	_, last := sentenceBounds(toks, i)
	return toks[last].low == "?"
}

var dataNouns = stems("data", "invoice", "order", "record", "file", "message", "entry", "transaction",
	"contact", "event", "document", "payment", "row", "history", "conversation", "ticket", "note", "photo",
	"statement", "report", "address", "item", "project", "rating", "review", "profile", "account",
	"user", "setting", "comment", "post", "image", "video", "course", "listing", "product", "customer",
	"booking", "reservation", "appointment", "lead", "deal", "task", "receipt", "attachment", "everything",
	"all")

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

// expectations reads what the customer expected against what happened. A
// sentence that reports nothing else but sets what the product shows
// against a fact ("the report shows 214 employees but we only have 198",
// "dates in US format even though our locale is Germany") reports a bug. A
// clause after a reported problem that says something else works ("Cards
// still work", "Other periods work", "iOS is fine") makes the problem
// partial, like a workaround.
func expectations(toks []token, sigs []signal) []signal {
	var out []signal
	first := -1
	for _, s := range sigs {
		if s.kind.isProblem() && (first < 0 || s.from < first) {
			first = s.from
		}
	}
	inside := func(i int) bool {
		for _, s := range sigs {
			if s.from <= i && i <= s.to {
				return true
			}
		}
		return false
	}
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.kind != tokWord || t.quoted || inside(i) {
			continue
		}
		if to := contrary(toks, i); to >= 0 && !sentenceSays(toks, sigs, i) && !question(toks, i) {
			out = append(out, signal{kind: kBug, level: 2, from: i, to: to, spec: 1, negator: -1})
			i = to
			continue
		}
		if first >= 0 && i > first && worksHere(toks, i) && !clauseHas(toks, sigs, i, func(k kind) bool { return k.isProblem() }) &&
			!negatedBefore(toks, i) {
			out = append(out, signal{kind: kWorkaround, from: i, to: i, negator: -1})
		}
	}
	return out
}

// contrary returns the end of a contrast that opposes the product to a
// fact ("even though", "although", "but we only"), or -1.
func contrary(toks []token, i int) int {
	next := func(k int) string {
		if i+k < len(toks) && toks[i+k-1].brk == brkNone {
			return toks[i+k].low
		}
		return ""
	}
	switch toks[i].low {
	case "although", "though", "despite", "whereas":
		return i
	case "even":
		if n := next(1); n == "though" || n == "after" {
			return i + 1
		}
	case "but":
		if subj := next(1); subj == "we" || subj == "i" || subj == "it" || subj == "they" {
			if factWords[next(2)] {
				return i + 2
			}
		}
	}
	return -1
}

var factWords = words("only", "never", "definitely", "actually", "already", "clearly", "should")

// sentenceSays reports a sentence that already says what it is about: a
// problem, an intent, a fix or calm words.
func sentenceSays(toks []token, sigs []signal, i int) bool {
	for _, o := range sigs {
		if toks[o.from].sent != toks[i].sent {
			continue
		}
		switch {
		case o.kind.isProblem(), o.kind >= kHowTo && o.kind <= kCosmetic, o.kind == kResolved, o.kind == kCalm:
			return true
		}
	}
	return false
}

// worksHere reports "works", "work" or "is fine" said of something: "Other
// periods work", "Android is fine", but not "it used to work", "our work".
func worksHere(toks []token, i int) bool {
	w := toks[i].low
	if w != "works" && w != "work" && w != "working" && w != "fine" {
		return false
	}
	if i == 0 || toks[i-1].brk != brkNone {
		return false
	}
	prev := toks[i-1].low
	if w == "fine" {
		return fineAfter[prev]
	}
	return !notWorksAfter[prev]
}

var (
	fineAfter     = words("is", "are", "seems", "seem", "looks", "look", "found", "works", "work", "working", "still")
	notWorksAfter = words("the", "a", "an", "our", "my", "your", "their", "his", "her", "its", "to", "at", "for",
		"from", "of", "in", "on", "with", "can", "could", "will", "would", "should", "must", "might", "may",
		"did", "does", "do", "was", "were", "used", "had", "been", "be", "not", "no", "never", "nothing",
		"any", "some", "this", "that", "more", "how", "what", "and", "or", "good", "great", "nice", "hard",
		"team", "of", "get", "make", "let")
)

// negatedBefore reports a negating word earlier in the clause of i.
func negatedBefore(toks []token, i int) bool {
	for k := i - 1; k >= 0 && toks[k].clause == toks[i].clause; k-- {
		if negators[toks[k].low] {
			return true
		}
	}
	return false
}

// sufferers finds people in the plural right before a failure they suffer
// ("Patients can't book", "our customers get a 500", "Sellers haven't
// received their payouts"): more than one of the people the customer
// serves is hit, which is breadth without a number. "Two users can't" is a
// count; "customers say" reports, it fails nothing.
func sufferers(toks []token, sigs []signal) []signal {
	var out []signal
	for _, s := range sigs {
		if !s.kind.isProblem() || s.level < 3 || s.kind == kSecurity {
			continue
		}
		k := s.from - 1
		for k >= 0 && toks[k].kind == tokWord && (fillers[toks[k].low] || auxiliaries[toks[k].low]) && toks[k].clause == toks[s.from].clause {
			k--
		}
		if k < 0 || toks[k].clause != toks[s.from].clause {
			continue
		}
		t := toks[k]
		if t.kind != tokWord || t.form == t.low || !people[t.stem] || overlapsAny(k, k, sigs) {
			continue
		}
		if k > 0 && (toks[k-1].kind == tokNum || fewWords[toks[k-1].low]) {
			continue
		}
		out = append(out, signal{kind: kBreadthSome, from: k, to: k, spec: 1, negator: -1})
	}
	return out
}

var (
	fewWords    = words("two", "three", "four", "five", "few", "couple", "both", "these", "those")
	auxiliaries = words("have", "has", "had", "do", "does", "did", "is", "are", "was", "were", "will", "keep", "kept")
)
