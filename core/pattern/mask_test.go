package pattern

import (
	"strings"
	"testing"
)

// masked tokenizes line and spells the tokens as a template would.
func masked(t *tokenizer, line string) string {
	t.tokenize([]byte(line))
	var b []byte
	for i := range t.toks {
		if i > 0 {
			b = append(b, ' ')
		}
		b = appendMasked(b, t.text(i))
	}
	return string(b)
}

func TestMasks(t *testing.T) {
	tk := &tokenizer{max: 128}
	for _, tc := range []struct{ in, want string }{
		// timestamps, in one word or several
		{"at 2024-03-10T15:20:00.123Z GET /", "at <TS> GET /"},
		{"at Fri Jun 17 07:07:00 2005 done", "at <TS> done"},
		{"RTC: 2017/7/1 19:52:56, sleep", "RTC: <TS>, sleep"},
		{"[22:32:34.846] Boss", "[<TS>] Boss"},
		{"(Release Date: Fri Dec 10 19:02:14 EST 2004)", "(Release Date: <TS>)"},
		// addresses and ids
		{"from 10.0.0.1:443 and 10.1.2.0/24", "from <IP>:<NUM> and <IP>"},
		{"addr 2607:f140:6000:8:c6b3:1ff:fecd:467f fe80::1", "addr <IP> <IP>"},
		{"mac 00:11:43:e3:ba:c3", "mac <HEX>"},
		{"req 123e4567-e89b-12d3-a456-426614174000 done", "req <UUID> done"},
		{"mail alice.b@example.com", "mail <EMAIL>"},
		{"iar 0x00004ed8 dear 003a90fc", "iar <HEX> dear <HEX>"},
		{"block blk_-6952295868487656571 rdd_2_0", "block blk_-<NUM> <ID>"},
		{"attempt_1445144423722_0020_m_000000_0 core.2275", "<ID> core.<NUM>"},
		{"node bglio46 bglio559", "node <ID> <ID>"},
		// numbers, durations, sizes
		{"took 35ms, 1.5s, 2h and 3 µs", "took <DUR>, <DUR>, <DUR> and <NUM> µs"},
		{"size 16K 2048KB 1.16 KB (5.2 GB)", "size <SIZE> <SIZE> <SIZE> (<SIZE>)"},
		{"-17 +0.18 1e-5 50% v1.0.0 2.6.5-1.358", "<NUM> <NUM> <NUM> <NUM>% <ID> <NUM>-<NUM>"},
		{"uid=0 euid=0 tty=NODEVssh", "uid=<NUM> euid=<NUM> tty=NODEVssh"},
		// paths and URLs
		{"open /var/log/app.log: denied", "open <PATH>: denied"},
		{"jar:file:/D:/hadoop-2.6.0/x.jar!/webapps to C:\\Users\\x", "jar:file:<PATH> to <PATH>"},
		{"GET https://example.com/a?b=1 ok", "GET https://<URL> ok"},
		{"ratio 4G/4G, I/O, read/write", "ratio <SIZE>/<SIZE>, I/O, read/write"},
		// words that stay words
		{"Slf4jLogger tty2 en0 IPv6 e820 hadoop-metrics2.properties", "Slf4jLogger tty2 en0 IPv6 <HEX> hadoop-metrics2.properties"},
		{"flag true, FALSE; truest", "flag <BOOL>, <BOOL>; truest"},
		{"GET POST Mon Monitor", "GET POST Mon Monitor"},
		// spacing
		{"  a \t b\r", "a b"},
		{"", ""},
	} {
		if got := masked(tk, tc.in); got != tc.want {
			t.Errorf("%q\n got %q\nwant %q", tc.in, got, tc.want)
		}
	}
}

func TestTokenizerLimits(t *testing.T) {
	tk := &tokenizer{max: 4}
	if got := masked(tk, "a b c d e f"); got != "a b c <*>" {
		t.Errorf("folding: got %q", got)
	}
	if got := masked(tk, "a b c d"); got != "a b c d" {
		t.Errorf("exactly max tokens: got %q", got)
	}
	long := strings.Repeat("x", maxTokenBytes+1)
	if got := masked(tk, "key "+long); got != "key <*>" {
		t.Errorf("long word: got %q", got)
	}
	// NUL bytes separate words and never reach the masked buffer, where
	// they would read as placeholders.
	if got := masked(tk, "a\x00b"); got != "a b" {
		t.Errorf("NUL: got %q", got)
	}
	if got := masked(tk, "bad \xff\xfe utf8"); got != "bad \xff\xfe utf8" {
		t.Errorf("invalid UTF-8: got %q", got)
	}
}

func TestHashesEraseKinds(t *testing.T) {
	tk := &tokenizer{max: 8}
	tk.tokenize([]byte("id=12 id=0xff id=ab"))
	if tk.toks[0].hash != tk.toks[1].hash {
		t.Error("id=<NUM> and id=<HEX> should match as variables")
	}
	if tk.toks[0].hash == tk.toks[2].hash {
		t.Error("id=<NUM> and the word id=ab should differ")
	}
}
