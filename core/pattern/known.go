package pattern

// Known values carry the evidence of one template to the others. A word
// that sibling merging found to be a variable value ("cyrus", "news", "test"
// and "root" as users of "session closed for user <*>") is remembered; at
// another template, two siblings whose words are all known values are
// enough to merge ("session opened for user cyrus/news/test by …", which
// alone shows three users, one short of siblingValues). The set is bounded;
// once full it stops learning.
const (
	maxKnown = 1 << 14
	// retroLimit is the number of live clusters up to which a sibling merge
	// re-examines every cluster for known-value siblings. Above it, known
	// values still act on new lines, but old clusters are not revisited.
	retroLimit = 4096
)

func (m *Miner) isKnown(h uint64) bool {
	_, ok := m.known[h]
	return ok
}

func (m *Miner) learn(h uint64) {
	if len(m.known) < maxKnown {
		m.known[h] = struct{}{}
	}
}

// learnWild remembers the words the current line puts at c's wild
// positions.
func (m *Miner) learnWild(c *Cluster) {
	for _, p := range c.wild {
		if tok := &m.tok.toks[p]; tok.vars == 0 {
			m.learn(tok.hash)
		}
	}
}

// allKnown reports whether the current line's word at p and the siblings'
// words there are all known values.
func (m *Miner) allKnown(sibs []*Cluster, p int) bool {
	if !m.isKnown(m.tok.toks[p].hash) {
		return false
	}
	for _, c := range sibs {
		if !m.isKnown(c.slots[p].hash) {
			return false
		}
	}
	return true
}

// retro merges, across all groups, clusters that differ at one position
// where every word is a known value: after a merge taught new values, the
// templates that met them earlier get the benefit too.
func (m *Miner) retro() {
	if m.live > retroLimit {
		return
	}
	m.scratch = append(m.scratch[:0], m.all...)
	for _, c := range m.scratch {
		for p := 0; c.into == nil && c.group != nil && p < len(c.slots); p++ {
			if s := &c.slots[p]; s.kind == slotConst && m.isKnown(s.hash) {
				m.mergeKnown(c, p)
			}
		}
	}
	clear(m.scratch)
}

// mergeKnown merges c with the clusters that differ from it only at p, if
// their words at p are known values, into the oldest of them.
func (m *Miner) mergeKnown(c *Cluster, p int) {
	g := c.group
	if constSlots(c)-1 < siblingConsts {
		return
	}
	k := c.key - slotElem(p, &c.slots[p]) + elem(p, markWild)
	surv, n := c, 0
	for _, o := range g.near[k] {
		if o != c && o.slots[p].kind == slotConst && m.isKnown(o.slots[p].hash) && c.sameBesides(o, p) {
			n++
			if o.num < surv.num {
				surv = o
			}
		}
	}
	if n == 0 {
		return
	}
	g.unfile(surv)
	for _, o := range append([]*Cluster(nil), g.near[k]...) {
		if o != surv && o.slots[p].kind == slotConst && m.isKnown(o.slots[p].hash) && surv.sameBesides(o, p) {
			surv.fold(o)
			m.retire(g, o)
		}
	}
	g.file(surv)
	m.subsume(g, surv)
}

// sameBesides reports whether o's template equals c's at every position but p.
func (c *Cluster) sameBesides(o *Cluster, p int) bool {
	for i := range c.slots {
		s, os := &c.slots[i], &o.slots[i]
		if i == p {
			continue
		}
		if s.kind != os.kind || s.kind == slotWild && string(s.text) != string(os.text) || s.kind != slotWild && s.hash != os.hash {
			return false
		}
	}
	return true
}

func constSlots(c *Cluster) int {
	n := 0
	for i := range c.slots {
		if c.slots[i].kind == slotConst {
			n++
		}
	}
	return n
}
