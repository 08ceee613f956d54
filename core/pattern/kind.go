package pattern

// Kind is the type of a variable the masks recognise in a log line. Each kind
// renders as its own placeholder, so a template says what stood there.
type Kind uint8

// The kinds of masked variables. KindAny is the generic placeholder of a
// position the miner generalised because its value differed between lines.
const (
	KindNone  Kind = iota
	KindAny        // <*>
	KindTS         // <TS>: dates, times and timestamps
	KindUUID       // <UUID>
	KindIP         // <IP>: IPv4 and IPv6 addresses
	KindHex        // <HEX>: 0x… numbers, long hex runs, MAC addresses
	KindEmail      // <EMAIL>
	KindNum        // <NUM>: integers, decimals, versions
	KindDur        // <DUR>: a number with a time unit (250ms, 3s, 1.5h)
	KindSize       // <SIZE>: a number with a size unit (16K, 1.16 KB, 4GiB)
	KindPath       // <PATH>: absolute, home-relative and Windows paths
	KindURL        // <URL>: what follows scheme:// (the scheme is kept)
	KindID         // <ID>: identifiers that mix letters and digits
	KindBool       // <BOOL>: true and false
	kindCount
)

var placeholders = [kindCount]string{
	KindNone:  "",
	KindAny:   "<*>",
	KindTS:    "<TS>",
	KindUUID:  "<UUID>",
	KindIP:    "<IP>",
	KindHex:   "<HEX>",
	KindEmail: "<EMAIL>",
	KindNum:   "<NUM>",
	KindDur:   "<DUR>",
	KindSize:  "<SIZE>",
	KindPath:  "<PATH>",
	KindURL:   "<URL>",
	KindID:    "<ID>",
	KindBool:  "<BOOL>",
}

// Placeholder returns how the kind appears in a template, e.g. "<IP>".
func (k Kind) Placeholder() string {
	if k >= kindCount {
		return ""
	}
	return placeholders[k]
}

// String returns the placeholder, so kinds print readably in tests.
func (k Kind) String() string { return k.Placeholder() }
