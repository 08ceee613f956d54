package logline

import "strings"

// The parts of a record that fields can carry.
const (
	partTime = iota
	partLevel
	partService
	partMessage
	numParts
)

// Fields names the keys that carry each part of a record, most preferred
// first. For JSON a name may be a dotted path into nested objects
// ("log.level" matches {"log":{"level":…}} as well as a flat "log.level"
// key); logfmt keys are matched whole.
type Fields struct {
	Time    []string
	Level   []string
	Service []string
	Message []string
}

// DefaultFields are the names the common structured loggers use (zap, zerolog,
// logrus, slog, pino, bunyan, Logstash, ECS).
func DefaultFields() Fields {
	return Fields{
		Time:    []string{"time", "ts", "timestamp", "@timestamp", "t"},
		Level:   []string{"level", "lvl", "severity", "log.level", "loglevel"},
		Service: []string{"service", "app", "component", "logger", "service.name"},
		Message: []string{"msg", "message", "@message", "log"},
	}
}

// SplitNames turns a configured field value into candidate names: one name,
// or several separated by commas, blanks dropped.
func SplitNames(s string) []string {
	var out []string
	for _, name := range strings.Split(s, ",") {
		if name = strings.TrimSpace(name); name != "" {
			out = append(out, name)
		}
	}
	return out
}

// target is one candidate name for one part; a lower prio wins.
type target struct {
	path string
	part int
	prio int
}

// value is the best candidate seen so far for one part of the line.
type value struct {
	raw   []byte // string content without quotes, or a bare number/literal
	quote bool   // raw came from a quoted string and may hold escapes
	prio  int    // prio of the target that matched; noMatch when unset
}

const noMatch = 1 << 30

// matcher compares keys against the configured targets and keeps the best
// value for each part. It is shared by the JSON and logfmt scanners.
type matcher struct {
	targets []target
	// nested holds every proper prefix of a dotted target ("log" for
	// "log.level"), the objects worth descending into.
	nested []string
	found  [numParts]value
	// byLen lists the targets of each length (the last entry: 63 bytes
	// and longer), so that a key is compared only with names that could
	// be equal to it.
	byLen [64][]int
}

func newMatcher(f Fields) matcher {
	var m matcher
	for part, names := range [numParts][]string{f.Time, f.Level, f.Service, f.Message} {
		for prio, name := range names {
			m.byLen[min(len(name), 63)] = append(m.byLen[min(len(name), 63)], len(m.targets))
			m.targets = append(m.targets, target{path: name, part: part, prio: prio})
			for i := 0; i < len(name); i++ {
				if name[i] == '.' && !contains(m.nested, name[:i]) {
					m.nested = append(m.nested, name[:i])
				}
			}
		}
	}
	return m
}

func (m *matcher) reset() {
	for i := range m.found {
		m.found[i] = value{prio: noMatch}
	}
}

// match records raw as the value of every part that path names, when it
// beats what was found before.
func (m *matcher) match(path, raw []byte, quote bool) {
	for _, i := range m.byLen[min(len(path), 63)] {
		t := &m.targets[i]
		if t.prio < m.found[t.part].prio && string(path) == t.path {
			m.found[t.part] = value{raw: raw, quote: quote, prio: t.prio}
		}
	}
}

// complete reports that every part has its first choice, so the rest of
// the line need not be read.
func (m *matcher) complete() bool {
	for i := range m.found {
		if m.found[i].prio != 0 {
			return false
		}
	}
	return true
}

func (m *matcher) descends(path []byte) bool {
	for _, p := range m.nested {
		if string(path) == p {
			return true
		}
	}
	return false
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
