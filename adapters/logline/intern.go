package logline

// maxInterned bounds the interner: a source names a handful of services,
// and a field that holds something else (a request id by mistake) must not
// grow memory with the log volume.
const maxInterned = 1024

// interner returns one shared string per distinct service name, so that
// Record.Service costs no allocation per line.
type interner struct {
	m map[string]string
}

func (in *interner) get(b []byte) string {
	if s, ok := in.m[string(b)]; ok { // no allocation: the compiler sees through string(b) here
		return s
	}
	s := string(b)
	if in.m == nil {
		in.m = make(map[string]string)
	}
	if len(in.m) < maxInterned {
		in.m[s] = s
	}
	return s
}
