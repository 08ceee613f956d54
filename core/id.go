package core

import (
	"crypto/rand"
	"encoding/binary"
	"strings"
	"sync"
	"time"
)

// monotonic makes ids made in the same millisecond sort in the order they
// were made (the ULID monotonic rule): the random part of the previous id is
// incremented instead of drawn again.
var monotonic struct {
	sync.Mutex
	ms   uint64
	last [10]byte
}

// crockford is the base32 alphabet of ULIDs: no I, L, O or U, so ids read
// aloud or copied by hand survive.
const crockford = "0123456789abcdefghjkmnpqrstvwxyz"

// NewID returns prefix + "_" + 26 characters: 48 bits of millisecond time
// followed by 80 random bits. Ids therefore sort by creation time, which the
// stores use for stable newest-first paging without a second index.
func NewID(prefix string) string {
	var b [16]byte
	ms := uint64(time.Now().UnixMilli())
	monotonic.Lock()
	if ms <= monotonic.ms {
		ms = monotonic.ms
		increment(&monotonic.last)
	} else if _, err := rand.Read(monotonic.last[:]); err != nil {
		monotonic.Unlock()
		panic("core: crypto/rand failed: " + err.Error())
	}
	monotonic.ms = ms
	binary.BigEndian.PutUint64(b[:8], ms<<16)
	copy(b[6:], monotonic.last[:])
	monotonic.Unlock()
	var sb strings.Builder
	sb.Grow(len(prefix) + 27)
	sb.WriteString(prefix)
	sb.WriteByte('_')
	// 128 bits as 26 base32 digits, most significant first.
	hi := binary.BigEndian.Uint64(b[:8])
	lo := binary.BigEndian.Uint64(b[8:])
	for i := 25; i >= 0; i-- {
		shift := uint(i * 5)
		var v uint64
		switch {
		case shift >= 64:
			v = hi >> (shift - 64)
		case shift > 59:
			v = lo>>shift | hi<<(64-shift)
		default:
			v = lo >> shift
		}
		sb.WriteByte(crockford[v&31])
	}
	return sb.String()
}

func increment(r *[10]byte) {
	for i := len(r) - 1; i >= 0; i-- {
		r[i]++
		if r[i] != 0 {
			return
		}
	}
}

// Id prefixes, so that an id pasted into a log search says what it names.
const (
	PrefixProject   = "prj"
	PrefixLogSource = "lsrc"
	PrefixBinding   = "bnd"
	PrefixAnalysis  = "ana"
	PrefixTriage    = "tri"
)
