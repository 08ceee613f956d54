package pattern

// Sibling merging is how a constant-looking word becomes a variable. Words
// are constants until proven otherwise (see slotConst), so "session closed
// for user cyrus" and "... user news" first form two clusters. Clusters of
// one length that differ from a new line at one and the same constant
// position, and nowhere else, are siblings; once a position shows
// siblingValues distinct words, it holds a variable (a user, a host, an
// app), and the siblings merge into the oldest with a wildcard there. Two or
// three values are not enough: "startup/shutdown", "Active/Inactive" and
// "enable/disable" are how messages differ, not what they report.
const (
	// siblingValues is how many distinct words at one position make it a
	// variable.
	siblingValues = 4
	// siblingConsts is how many constant words a merged template must
	// keep, so "X startup succeeded" or "removing X" do not collapse
	// everything of their length into one wildcard template.
	siblingConsts = 3
	// siblingScan bounds the clusters examined per new line, so a group
	// grown huge costs bounded time.
	siblingScan = 1024
)

// mergeSiblings looks for the current line's siblings in g. When a position
// qualifies, it merges them into the oldest, counts the line there and
// returns that cluster; otherwise it returns nil.
func (m *Miner) mergeSiblings(g *group) *Cluster {
	t := &m.tok
	clear(m.siblings)
	from := max(0, len(g.clusters)-siblingScan)
	for _, c := range g.clusters[from:] {
		if p := c.differsAt(t); p >= 0 {
			m.siblings[p] = append(m.siblings[p], c)
		}
	}
	for p := 0; p < len(t.toks); p++ {
		sibs := m.siblings[p]
		if len(sibs)+1 < siblingValues || constsBesides(t, p) < siblingConsts {
			continue
		}
		surv := sibs[0] // oldest: g.clusters is in order of creation
		g.unfile(surv)
		surv.slots[p].generalise(t.text(p))
		for _, o := range sibs[1:] {
			surv.fold(o)
			g.remove(o)
		}
		surv.absorb(t)
		surv.dirty = true
		g.file(surv)
		m.live -= len(sibs) - 1
		m.subsume(g, surv)
		return surv
	}
	return nil
}

// differsAt returns the one position where the current line has a
// different constant word than the cluster and matches it everywhere else,
// or -1.
func (c *Cluster) differsAt(t *tokenizer) int {
	at := -1
	for i := range c.slots {
		s := &c.slots[i]
		tok := &t.toks[i]
		switch {
		case s.kind == slotWild && s.fits(t.text(i)):
		case s.kind != slotWild && tok.hash == s.hash && (tok.vars > 0) == (s.kind == slotVar):
		case s.kind == slotConst && tok.vars == 0 && at < 0:
			at = i
		default:
			return -1
		}
	}
	return at
}

func constsBesides(t *tokenizer, p int) int {
	n := 0
	for i := range t.toks {
		if i != p && t.toks[i].vars == 0 {
			n++
		}
	}
	return n
}

// fold merges cluster o into c: counts add up, and each slot of c becomes
// general enough for o's. It reports whether a slot of c became wild.
func (c *Cluster) fold(o *Cluster) (wild bool) {
	c.count += o.count
	o.into = c
	c.dirty = true
	for i := range c.slots {
		s, os := &c.slots[i], &o.slots[i]
		switch {
		case s.kind == slotWild:
			s.generalise(os.text)
		case s.kind == os.kind && s.hash == os.hash:
			s.blendKinds(os.text)
		default:
			s.generalise(os.text)
			wild = true
		}
	}
	return wild
}

// subsume folds into c every other cluster of g that c's template now
// covers: a template that gained a wildcard takes in the clusters that
// differed from it only there.
func (m *Miner) subsume(g *group, c *Cluster) {
	for i := 0; i < len(g.clusters); i++ {
		o := g.clusters[i]
		if o == c || !c.covers(o) {
			continue
		}
		g.unfile(c)
		c.fold(o)
		g.remove(o)
		g.file(c)
		m.live--
		i = -1 // c may cover more now; removals shifted the list

	}
}

// covers reports whether every slot of o fits the same slot of c.
func (c *Cluster) covers(o *Cluster) bool {
	for i := range c.slots {
		s, os := &c.slots[i], &o.slots[i]
		switch s.kind {
		case slotWild:
			if !s.fits(os.text) {
				return false
			}
		case slotVar:
			if os.kind != slotVar || os.hash != s.hash {
				return false
			}
		default:
			if os.kind != slotConst || os.hash != s.hash {
				return false
			}
		}
	}
	return true
}
