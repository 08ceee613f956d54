package pattern

// Config tunes a Miner. The zero value of each field selects its default, and
// the defaults are the one generic configuration used for every kind of log:
// nothing here is meant to be set per system.
type Config struct {
	// MaxClusters caps the clusters kept, so memory stays bounded however
	// many distinct lines arrive. Once reached, a line that fits no template
	// joins the template of its length it differs from in one word (that
	// word becomes <*>), or else the overflow cluster, whose template is
	// "<*>" and which comes on top of the cap. Default 10,000.
	MaxClusters int

	// Similarity is the share of a template's positions a line must match
	// exactly to join it. Constant words must match anyway (see slotConst),
	// so it only weighs masked variables of different shapes. Once
	// MaxClusters is reached, a line joins the best compatible template
	// even below it. Default 0.5.
	Similarity float64

	// MaxTokens bounds the words considered per line; the rest of a longer
	// line is folded into one variable. Default 128, at most 4,096.
	MaxTokens int
}

func (c Config) withDefaults() Config {
	if c.MaxClusters <= 0 {
		c.MaxClusters = 10000
	}
	if c.Similarity <= 0 || c.Similarity > 1 {
		c.Similarity = 0.5
	}
	if c.MaxTokens <= 0 {
		c.MaxTokens = 128
	}
	c.MaxTokens = min(c.MaxTokens, 4096)
	return c
}

// Miner groups log lines into templates online, one line at a time. It is
// not safe for concurrent use: give each goroutine its own, or guard it.
type Miner struct {
	cfg      Config
	tok      tokenizer
	groups   []*group   // by token count
	all      []*Cluster // clusters in order of creation, some merged away
	made     int        // clusters ever made, for the next number
	live     int        // clusters not merged into another
	overflow *Cluster
	siblings [][]*Cluster // scratch for mergeSiblings, by position
	known    map[uint64]struct{}
	scratch  []*Cluster
}

// New returns an empty miner.
func New(cfg Config) *Miner {
	cfg = cfg.withDefaults()
	return &Miner{
		cfg:      cfg,
		tok:      tokenizer{max: cfg.MaxTokens},
		groups:   make([]*group, cfg.MaxTokens+1),
		siblings: make([][]*Cluster, cfg.MaxTokens),
		known:    make(map[uint64]struct{}),
	}
}

// Add mines one line and returns the cluster it joined. The line is not
// retained. Keep the cluster rather than its template: templates may still
// generalise, and Template reports the current one.
func (m *Miner) Add(line []byte) *Cluster {
	m.tok.tokenize(line)
	n := len(m.tok.toks)
	g := m.groups[n]
	if g == nil {
		g = newGroup()
		m.groups[n] = g
	}
	base := lineBase(&m.tok)
	best, score := g.lookup(&m.tok, base)
	if best != nil && m.similar(score) {
		return m.absorbInto(g, best)
	}
	m.findSiblings(g, base)
	defer m.clearSiblings(n)
	if c := m.mergeSiblings(g); c != nil {
		return c
	}
	if m.live >= m.cfg.MaxClusters {
		return m.join(g, best)
	}
	slots := make([]slot, n)
	for i := range m.tok.toks {
		slots[i] = newSlot(&m.tok.toks[i], m.tok.text(i))
	}
	m.made++
	c := newCluster(m.made, slots)
	c.group = g
	m.all = append(m.all, c)
	m.live++
	g.clusters = append(g.clusters, c)
	g.file(c)
	return c
}

// absorbInto counts the current line into c, refiling c when a slot became
// wild and merging the clusters its template now covers. It returns the
// cluster that stands for c afterwards.
func (m *Miner) absorbInto(g *group, c *Cluster) *Cluster {
	m.learnWild(c)
	if !c.absorb(&m.tok) {
		return c
	}
	g.unfile(c)
	g.file(c)
	return m.subsume(g, c)
}

// similar reports whether score matching positions are enough for the
// current line to join a template.
func (m *Miner) similar(score int) bool {
	n := len(m.tok.toks)
	return n == 0 || float64(score) >= m.cfg.Similarity*float64(n)
}

// Clusters returns the clusters in order of first appearance, leaving out
// those merged into older ones.
func (m *Miner) Clusters() []*Cluster {
	out := make([]*Cluster, 0, m.live)
	for _, c := range m.all {
		if c.into == nil {
			out = append(out, c)
		}
	}
	return out
}

// retire removes a cluster merged into another from g and, now and then,
// from the list of all clusters, so merges free their memory.
func (m *Miner) retire(g *group, c *Cluster) {
	g.remove(c)
	m.live--
	if len(m.all) > 2*m.live+64 {
		keep := m.all[:0]
		for _, c := range m.all {
			if c.into == nil {
				keep = append(keep, c)
			}
		}
		clear(m.all[len(keep):])
		m.all = keep
	}
}

// Len returns the number of clusters Clusters would return.
func (m *Miner) Len() int { return m.live }

// join places a line that fits no template once MaxClusters clusters
// exist: into the best template it is compatible with even if fewer than
// Similarity of its positions match exactly, else into a template that
// differs from it in one word only (which becomes wild), else into the
// overflow cluster. All are found through the index, so a full miner costs
// bounded time per line.
func (m *Miner) join(g *group, best *Cluster) *Cluster {
	t := &m.tok
	if best != nil {
		return m.absorbInto(g, best)
	}
	for p := range t.toks {
		if len(m.siblings[p]) == 0 {
			continue
		}
		c := m.siblings[p][0]
		g.unfile(c)
		c.slots[p].generalise(t.text(p))
		c.absorb(t)
		c.dirty = true
		g.file(c)
		return m.subsume(g, c)
	}
	return m.overflowCluster()
}

// overflowCluster counts the current line into the cluster of lines that
// found no template, making it on first use.
func (m *Miner) overflowCluster() *Cluster {
	if m.overflow == nil {
		m.made++
		m.overflow = newCluster(m.made, []slot{{kind: slotWild, text: []byte{sentinel, byte(KindAny)}}})
		m.overflow.count = 0
		m.all = append(m.all, m.overflow)
		m.live++
	}
	m.overflow.count++
	return m.overflow
}
