package pattern

// The index replaces Drain's prefix tree. Drain routes a line by its token
// count and then its first words; a template whose first word varies
// ("<app>: scheduler told me to run this job…") scatters over as many leaves
// as there are apps, and nothing reunites them. Here the first level is
// still the token count, but a line finds its template through a hash of
// its whole skeleton: each constant word, with one mark standing for masked
// tokens and words with digits (see slot.loose), another for the positions
// a template made wild.
//
// The skeleton hash is a sum of one hash per position, so swapping one
// position costs two additions: a lookup costs one pass over the tokens plus
// one addition per wild position, and the near index below finds the
// clusters that differ from a line in exactly one word without scanning.

// group holds the live clusters whose templates have n tokens.
type group struct {
	clusters []*Cluster            // oldest first
	masks    []mask                // distinct sets of wild positions in use
	index    map[uint64][]*Cluster // by skeleton
	near     map[uint64][]*Cluster // by skeleton with one constant word made wild
}

// mask is a set of wild positions shared by refs clusters of a group.
type mask struct {
	pos  []int32
	refs int
}

func newGroup() *group {
	return &group{index: make(map[uint64][]*Cluster), near: make(map[uint64][]*Cluster)}
}

const (
	markVar  = 0x9e3779b97f4a7c15 // a masked token in a skeleton
	markWild = 0xc2b2ae3d27d4eb4f // a wild position in a skeleton
)

// elem hashes what stands at position i of a skeleton (splitmix64's mix).
func elem(i int, x uint64) uint64 {
	x += uint64(i+1) * 0xd6e8feb86659fd93
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

// lineElem is what the current line's token i contributes to a skeleton.
func lineElem(t *tokenizer, i int) uint64 {
	if t.toks[i].loose {
		return elem(i, markVar)
	}
	return elem(i, t.toks[i].hash)
}

func slotElem(i int, s *slot) uint64 {
	switch {
	case s.kind == slotWild:
		return elem(i, markWild)
	case s.kind == slotVar || s.loose:
		return elem(i, markVar)
	}
	return elem(i, s.hash)
}

// lineBase returns the current line's skeleton hash with no wild position.
func lineBase(t *tokenizer) uint64 {
	var h uint64
	for i := range t.toks {
		h += lineElem(t, i)
	}
	return h
}

// lineKey turns the base into the skeleton hash under a wild mask.
func lineKey(t *tokenizer, base uint64, wild []int32) uint64 {
	for _, i := range wild {
		base += elem(int(i), markWild) - lineElem(t, int(i))
	}
	return base
}

// lookup returns the best cluster of the group for the current line and
// its score, or nil.
func (g *group) lookup(t *tokenizer, base uint64) (*Cluster, int) {
	var best *Cluster
	bestScore := -1
	for _, m := range g.masks {
		for _, c := range g.index[lineKey(t, base, m.pos)] {
			s := c.score(t)
			if s > bestScore || s == bestScore && s >= 0 && c.num < best.num {
				best, bestScore = c, s
			}
		}
	}
	if bestScore < 0 {
		return nil, -1
	}
	return best, bestScore
}

// file adds c to the index under its current skeleton.
func (g *group) file(c *Cluster) {
	c.wild, c.near, c.key = c.wild[:0], c.near[:0], 0
	for i := range c.slots {
		c.key += slotElem(i, &c.slots[i])
		if c.slots[i].kind == slotWild {
			c.wild = append(c.wild, int32(i))
		}
	}
	g.index[c.key] = append(g.index[c.key], c)
	for i := range c.slots {
		if c.slots[i].kind == slotConst {
			k := c.key - slotElem(i, &c.slots[i]) + elem(i, markWild)
			c.near = append(c.near, k)
			g.near[k] = append(g.near[k], c)
		}
	}
	for i := range g.masks {
		if equalPos(g.masks[i].pos, c.wild) {
			g.masks[i].refs++
			return
		}
	}
	g.masks = append(g.masks, mask{pos: append([]int32(nil), c.wild...), refs: 1})
}

// unfile removes c from the index, before its skeleton changes or when it
// is merged away.
func (g *group) unfile(c *Cluster) {
	drop(g.index, c.key, c)
	for _, k := range c.near {
		drop(g.near, k, c)
	}
	for i := range g.masks {
		if equalPos(g.masks[i].pos, c.wild) {
			if g.masks[i].refs--; g.masks[i].refs == 0 {
				g.masks = append(g.masks[:i], g.masks[i+1:]...)
			}
			return
		}
	}
}

func drop(m map[uint64][]*Cluster, k uint64, c *Cluster) {
	list := m[k]
	for i, o := range list {
		if o == c {
			list = append(list[:i], list[i+1:]...)
			break
		}
	}
	if len(list) == 0 {
		delete(m, k)
	} else {
		m[k] = list
	}
}

// remove drops a merged cluster from the group.
func (g *group) remove(c *Cluster) {
	g.unfile(c)
	for i, o := range g.clusters {
		if o == c {
			g.clusters = append(g.clusters[:i], g.clusters[i+1:]...)
			return
		}
	}
}

func equalPos(a, b []int32) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
