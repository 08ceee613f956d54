package triage

import (
	"strings"
	"testing"
)

func TestTokenize(t *testing.T) {
	toks := tokenize("Checkout isn't working since 2pm! Error 500s, “quoted” — ok.\nNext line")
	var lows []string
	for _, tk := range toks {
		lows = append(lows, tk.low)
	}
	got := strings.Join(lows, " ")
	want := `checkout is not working since 2 pm ! error 500 s , “ quoted ” — ok . next line`
	if got != want {
		t.Fatalf("tokens\n got %s\nwant %s", got, want)
	}
	if toks[1].start != toks[2].start || toks[1].end != toks[2].end {
		t.Error("both halves of a contraction quote the same bytes")
	}
	if toks[6].space || !toks[5].space {
		t.Error(`"2pm" is two tokens, the second glued to the first`)
	}
	if toks[len(toks)-1].sent != toks[len(toks)-2].sent || toks[len(toks)-3].sent == toks[len(toks)-2].sent {
		t.Error("a line break ends a sentence")
	}
	for _, tk := range toks {
		if tk.low == "quoted" && !tk.quoted {
			t.Error("quoted words are marked")
		}
	}
}

func TestTokenizeKeepsOffsetsWithUnicode(t *testing.T) {
	text := "İstanbul store: paiement échoué depuis 14h30"
	for _, tk := range tokenize(text) {
		if tk.start > tk.end || tk.end > len(text) {
			t.Fatalf("bad offsets %d–%d", tk.start, tk.end)
		}
	}
}

func TestThousandsAreOneNumber(t *testing.T) {
	toks := tokenize("all 3,000 viewers, 1,5 hours, 12,34")
	if toks[1].low != "3,000" || toks[4].low != "1" || toks[9].low != "12" {
		t.Fatalf("got %q %q %q", toks[1].low, toks[4].low, toks[9].low)
	}
}

func TestContractions(t *testing.T) {
	for in, want := range map[string]string{
		"can't": "can not", "cannot": "can not", "won't": "will not", "doesnt": "does not",
		"it's": "it is", "customer's": "customer", "we're": "we are", "o'clock": "o'clock",
		"isn’t": "is not",
	} {
		var lows []string
		for _, tk := range tokenize(in) {
			lows = append(lows, tk.low)
		}
		if got := strings.Join(lows, " "); got != want {
			t.Errorf("%q → %q, want %q", in, got, want)
		}
	}
}

// TestStem: one stem per word family, whatever the stem looks like.
func TestStem(t *testing.T) {
	for _, family := range [][]string{
		{"fail", "fails", "failed", "failing"},
		{"fire", "fires", "fired", "firing"},
		{"payment", "payments"},
		{"crash", "crashes", "crashed", "crashing"},
		{"stop", "stops", "stopped", "stopping"},
		{"charge", "charges", "charged", "charging"},
		{"delivery", "deliveries"},
		{"process", "processes", "processed", "processing"},
		{"bill", "bills", "billing"},
	} {
		for _, w := range family[1:] {
			if stem(w) != stem(family[0]) {
				t.Errorf("stem(%q) = %q, stem(%q) = %q", w, stem(w), family[0], stem(family[0]))
			}
		}
	}
	for _, pair := range [][2]string{{"status", "statu"}, {"access", "acces"}} {
		if stem(pair[0]) == pair[1] {
			t.Errorf("stem(%q) must keep its s", pair[0])
		}
	}
}
