package logline

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// scanString returns what the scanner found for part, unescaped.
func scanString(s *jsonScanner, part int) (string, bool) {
	v := s.found[part]
	if v.prio == noMatch {
		return "", false
	}
	if v.quote {
		return string(unescape(nil, v.raw)), true
	}
	return string(v.raw), true
}

func TestJSONScannerFields(t *testing.T) {
	s := jsonScanner{matcher: newMatcher(DefaultFields())}
	line := `{"ts":1700000000.5,"time":"2024-01-02T03:04:05Z","lvl":"warn","extra":{"msg":"nested, not top"},` +
		`"arr":["}","{\"",[1,2]],"message":"a \"quoted\" \u00e9\ud83d\ude00 line\nnext","service":"checkout","n":null}`
	if !s.scan([]byte(line)) {
		t.Fatal("scan failed")
	}
	want := map[int]string{partTime: "2024-01-02T03:04:05Z", partLevel: "warn", partService: "checkout",
		partMessage: "a \"quoted\" é😀 line\nnext"}
	for part, w := range want {
		if got, ok := scanString(&s, part); !ok || got != w {
			t.Errorf("part %d = %q, %v; want %q", part, got, ok, w)
		}
	}
}

func TestJSONScannerDottedPaths(t *testing.T) {
	s := jsonScanner{matcher: newMatcher(Fields{
		Time: []string{"@timestamp"}, Level: []string{"log.level"}, Service: []string{"service.name"},
		Message: []string{"message"},
	})}
	for _, line := range []string{
		`{"@timestamp":"2024-01-02T03:04:05Z","log":{"logger":"x","level":"error"},"service":{"name":"api"},"message":"m"}`,
		`{"@timestamp":"2024-01-02T03:04:05Z","log.level":"error","service.name":"api","message":"m"}`,
	} {
		if !s.scan([]byte(line)) {
			t.Fatalf("scan %s failed", line)
		}
		if got, _ := scanString(&s, partLevel); got != "error" {
			t.Errorf("%s: level %q", line, got)
		}
		if got, _ := scanString(&s, partService); got != "api" {
			t.Errorf("%s: service %q", line, got)
		}
	}
}

func TestJSONScannerPriority(t *testing.T) {
	s := jsonScanner{matcher: newMatcher(DefaultFields())}
	// "message" is second choice; "msg" arrives later and must win.
	s.scan([]byte(`{"message":"second","level":"info","msg":"first"}`))
	if got, _ := scanString(&s, partMessage); got != "first" {
		t.Fatalf("message = %q, want first", got)
	}
}

func TestJSONScannerMalformed(t *testing.T) {
	s := jsonScanner{matcher: newMatcher(DefaultFields())}
	for _, line := range []string{
		``, `not json`, `[1,2]`, `{"msg":"unterminated`, `{"msg" "x"}`, `{"a":[1,2}`, `{"a":}`, `{"a":1 "b":2}`, `{msg:1}`,
	} {
		if s.scan([]byte(line)) {
			t.Errorf("scan(%q) succeeded", line)
		}
	}
}

// The scanner must agree with encoding/json on every value it extracts, for
// objects full of escapes, nesting and look-alike keys.
func TestJSONScannerAgreesWithEncodingJSON(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	keys := []string{"time", "ts", "level", "lvl", "msg", "message", "service", "app", "other", "m\"sg", "ms\\g", "log"}
	s := jsonScanner{matcher: newMatcher(DefaultFields())}
	for i := 0; i < 5000; i++ {
		obj := map[string]any{}
		for _, k := range keys {
			if rng.IntN(2) == 0 {
				obj[k] = randomValue(rng, 0)
			}
		}
		line, _ := json.Marshal(obj)
		if rng.IntN(2) == 0 {
			var buf bytes.Buffer
			json.Indent(&buf, line, "", " ") // whitespace everywhere, newlines inside
			line = buf.Bytes()
		}
		if !s.scan(line) {
			t.Fatalf("scan(%s) failed", line)
		}
		for part, names := range [][]string{DefaultFields().Time, DefaultFields().Level, DefaultFields().Service, DefaultFields().Message} {
			want, wantOK := "", false
			for _, name := range names {
				if v, ok := obj[name]; ok {
					switch v := v.(type) {
					case string:
						want, wantOK = v, true
					case float64:
						want, wantOK = strings.TrimSpace(string(must(json.Marshal(v)))), true
					case bool:
						want, wantOK = fmt.Sprint(v), true
					case nil:
						continue
					default:
						continue // objects and arrays are not values a record uses
					}
					break
				}
			}
			got, ok := scanString(&s, part)
			if wantOK && (!ok || got != want) {
				t.Fatalf("line %s part %d: got %q, %v; want %q", line, part, got, ok, want)
			}
		}
	}
}

func randomValue(rng *rand.Rand, depth int) any {
	switch n := rng.IntN(7); {
	case n == 0 && depth < 3:
		m := map[string]any{}
		for i := 0; i < rng.IntN(4); i++ {
			m[fmt.Sprintf("k%d", i)] = randomValue(rng, depth+1)
		}
		m["msg"] = "inner"
		return m
	case n == 1 && depth < 3:
		return []any{randomValue(rng, depth+1), "]}\"", randomValue(rng, depth+1)}
	case n == 2:
		return rng.Float64() * 1e12
	case n == 3:
		return rng.IntN(2) == 0
	case n == 4:
		return nil
	default:
		var b strings.Builder
		alphabet := []rune("ab \"\\/\n\t\u0001é😀<>&{}[],:")
		for i := 0; i < rng.IntN(30); i++ {
			b.WriteRune(alphabet[rng.IntN(len(alphabet))])
		}
		return b.String()
	}
}

func must(b []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return b
}

// FuzzJSONScanner checks that no input panics the scanner and that a valid
// object with a unique string "msg" comes out as encoding/json reads it.
func FuzzJSONScanner(f *testing.F) {
	for _, seed := range []string{`{"msg":"a\u0041\"b"}`, `{"a":[{"msg":"x"}],"msg":"y"}`, `{"msg":"\ud800"}`, `{`, `{"msg":"\\"}`} {
		f.Add([]byte(seed))
	}
	s := jsonScanner{matcher: newMatcher(DefaultFields())}
	f.Fuzz(func(t *testing.T, line []byte) {
		ok := s.scan(line)
		var obj map[string]any
		if json.Unmarshal(line, &obj) != nil || hasDuplicateKeys(line) {
			return
		}
		if !ok && !s.stop {
			t.Fatalf("valid object %q not scanned", line)
		}
		want, isString := obj["msg"].(string)
		if !isString {
			return
		}
		got, _ := scanString(&s, partMessage)
		// Invalid UTF-8 passes the scanner as is (Parser repairs it);
		// encoding/json repairs it while decoding.
		if got = string(AppendValidUTF8(nil, []byte(got))); got != want {
			t.Fatalf("msg of %q = %q; want %q", line, got, want)
		}
	})
}

func hasDuplicateKeys(line []byte) bool {
	dec := json.NewDecoder(bytes.NewReader(line))
	seen := map[string]bool{}
	depth := 0
	expectKey := false
	for {
		tok, err := dec.Token()
		if err != nil {
			return false
		}
		switch v := tok.(type) {
		case json.Delim:
			if v == '{' || v == '[' {
				depth++
			} else {
				depth--
			}
			expectKey = depth == 1 && v == '{'
			continue
		case string:
			if depth == 1 && expectKey {
				if seen[v] {
					return true
				}
				seen[v] = true
				expectKey = false
				continue
			}
		}
		if depth == 1 {
			expectKey = true
		}
	}
}
