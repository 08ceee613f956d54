package logline

// Normalised levels, as analysis.Record documents them.
const (
	LevelError = "error"
	LevelWarn  = "warn"
	LevelInfo  = "info"
	LevelDebug = "debug"
)

// NormalizeLevel maps the many spellings of a log level onto error, warn,
// info or debug, case-insensitively; anything else gives "". Numeric levels
// are those of bunyan and pino (10 trace … 60 fatal), the only numeric
// scheme common enough to guess; syslog's 0–7 runs the other way and is
// left alone.
func NormalizeLevel(b []byte) string {
	if len(b) == 0 || len(b) > 13 {
		return ""
	}
	var buf [13]byte
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	// A switch on string(bytes) compiles to comparisons without allocating.
	switch string(buf[:len(b)]) {
	case "error", "err", "e", "eror", "fatal", "f", "ftl", "critical", "crit", "crt", "c",
		"panic", "pnc", "dpanic", "emerg", "emergency", "alert", "severe", "50", "60":
		return LevelError
	case "warn", "warning", "w", "wrn", "wrng", "40":
		return LevelWarn
	case "info", "information", "informational", "i", "inf", "notice", "note", "30":
		return LevelInfo
	case "debug", "dbg", "dbug", "d", "trace", "trc", "fine", "finer", "finest", "verbose", "v", "10", "20":
		return LevelDebug
	}
	return ""
}

// leadingLevel finds a level word at the start of a text message: "ERROR
// msg", "[warn] msg", "<INFO> msg", "level=error msg", "E: msg". Single
// letters count only when bracketed or followed by a colon, so that "I think"
// is not read as info. It returns the level and the rest of the message.
func leadingLevel(b []byte) (string, []byte) {
	i := 0
	for i < len(b) && (b[i] == ' ' || b[i] == '\t') {
		i++
	}
	start := i
	open := byte(0)
	if i < len(b) && (b[i] == '[' || b[i] == '<' || b[i] == '(') {
		open = b[i]
		i++
	} else if len(b)-i > 6 && string(b[i:i+6]) == "level=" {
		i += 6
	}
	wordStart := i
	for i < len(b) && i-wordStart <= 13 && isWordByte(b[i]) {
		i++
	}
	word := b[wordStart:i]
	if len(word) == 0 || i-wordStart > 13 {
		return "", b[start:]
	}
	closed := false
	if open != 0 {
		if i >= len(b) || b[i] != closing(open) {
			return "", b[start:]
		}
		closed = true
		i++
	}
	colon := i < len(b) && b[i] == ':'
	if colon {
		i++
	}
	if i < len(b) && b[i] != ' ' && b[i] != '\t' {
		return "", b[start:]
	}
	if len(word) == 1 && !closed && !colon {
		return "", b[start:]
	}
	level := NormalizeLevel(word)
	if level == "" || (isNumeric(word) && !closed) {
		return "", b[start:]
	}
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '-' && i+1 < len(b) && b[i+1] == ' ') {
		i++
	}
	return level, b[i:]
}

func closing(open byte) byte {
	switch open {
	case '[':
		return ']'
	case '<':
		return '>'
	}
	return ')'
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func isNumeric(b []byte) bool {
	for _, c := range b {
		if !isDigit(c) {
			return false
		}
	}
	return true
}
