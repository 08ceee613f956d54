package core

import (
	"crypto/rand"
	"encoding/binary"
	"strings"
	"time"
)

// crockford is the base32 alphabet of ULIDs: no I, L, O or U, so ids read
// aloud or copied by hand survive.
const crockford = "0123456789abcdefghjkmnpqrstvwxyz"

// NewID returns prefix + "_" + 26 characters: 48 bits of millisecond time
// followed by 80 random bits. Ids therefore sort by creation time, which the
// stores use for stable newest-first paging without a second index.
func NewID(prefix string) string {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], uint64(time.Now().UnixMilli())<<16)
	if _, err := rand.Read(b[6:]); err != nil {
		panic("core: crypto/rand failed: " + err.Error())
	}
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

// Id prefixes, so that an id pasted into a log search says what it names.
const (
	PrefixProject   = "prj"
	PrefixLogSource = "lsrc"
	PrefixBinding   = "bnd"
	PrefixAnalysis  = "ana"
	PrefixTriage    = "tri"
)
