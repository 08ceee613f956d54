package pattern

// The index replaces Drain's prefix tree. Drain routes a line by its token
// count and its first words; a template whose first word varies ("<app>:
// scheduler told me to run this job…") then scatters over as many leaves as
// there are apps, and no later merge can reunite them. Here the first level
// is still the token count, but a line finds its template by a hash of its
// whole constant skeleton: each constant word, with "variable" standing in
// for masked tokens and "wild" for the positions a template generalised.
// A lookup costs one hash over the tokens per distinct set of wild
// positions in the group, usually one.

// group holds the live clusters whose templates have n tokens.
type group struct {
	n        int
	clusters []*Cluster // oldest first
	masks    []mask     // distinct wild position sets in use
	index    map[uint64][]*Cluster
}

// mask is a set of wild positions shared by refs clusters of a group.
type mask struct {
	pos  []int32
	refs int
}

const (
	markVar  = 0x9e3779b97f4a7c15 // stands for a masked token in a skeleton
	markWild = 0xc2b2ae3d27d4eb4f // stands for a wild position
)

func mix(h, x uint64) uint64 {
	h ^= x
	h *= 0xbf58476d1ce4e5b9
	return h ^ h>>31
}

// lineKey hashes the current line's skeleton with the positions in wild
// replaced by the wild mark.
func lineKey(t *tokenizer, wild []int32) uint64 {
	h := uint64(len(t.toks))
	w := 0
	for i := range t.toks {
		switch {
		case w < len(wild) && int(wild[w]) == i:
			h = mix(h, markWild)
			w++
		case t.toks[i].vars > 0:
			h = mix(h, markVar)
		default:
			h = mix(h, t.toks[i].hash)
		}
	}
	return h
}

// clusterKey hashes a template's skeleton the same way.
func clusterKey(c *Cluster) uint64 {
	h := uint64(len(c.slots))
	for i := range c.slots {
		switch c.slots[i].kind {
		case slotWild:
			h = mix(h, markWild)
		case slotVar:
			h = mix(h, markVar)
		default:
			h = mix(h, c.slots[i].hash)
		}
	}
	return h
}

// lookup returns the best cluster of the group for the current line and
// its score, or nil.
func (g *group) lookup(t *tokenizer) (*Cluster, int) {
	var best *Cluster
	bestScore := -1
	for _, m := range g.masks {
		for _, c := range g.index[lineKey(t, m.pos)] {
			if s := c.score(t); s > bestScore || s == bestScore && best != nil && c.num < best.num {
				best, bestScore = c, s
			}
		}
	}
	return best, bestScore
}

// file adds c to the index under its current skeleton.
func (g *group) file(c *Cluster) {
	c.wild = c.wild[:0]
	for i := range c.slots {
		if c.slots[i].kind == slotWild {
			c.wild = append(c.wild, int32(i))
		}
	}
	c.key = clusterKey(c)
	g.index[c.key] = append(g.index[c.key], c)
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
	list := g.index[c.key]
	for i, o := range list {
		if o == c {
			list = append(list[:i], list[i+1:]...)
			break
		}
	}
	if len(list) == 0 {
		delete(g.index, c.key)
	} else {
		g.index[c.key] = list
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
