package pattern

import "strconv"

// Cluster is one group of lines and the template they share. A cluster
// merged into another answers for that one: its ID, template and count
// become the survivor's, so references handed out earlier stay valid. Like
// the Miner, a Cluster is not safe for concurrent use; read it from the
// goroutine that feeds the miner.
type Cluster struct {
	id    string
	num   int
	count int
	slots []slot
	wild  []int32  // positions of wild slots, the cluster's key mask
	key   uint64   // where the cluster is filed in its group's index
	near  []uint64 // where it is filed in the group's near index
	text  string   // rendered template, rebuilt when a slot changes
	dirty bool
	into  *Cluster // set once merged into another cluster
	group *group   // nil for the overflow cluster
}

func newCluster(num int, slots []slot) *Cluster {
	return &Cluster{id: "P" + strconv.Itoa(num), num: num, count: 1, slots: slots, dirty: true}
}

// live follows merges to the cluster that now stands for c.
func (c *Cluster) live() *Cluster {
	root := c
	for root.into != nil {
		root = root.into
	}
	for c.into != nil && c.into != root {
		c, c.into = c.into, root
	}
	return root
}

// ID returns the cluster's group id: "P" and its number in order of first
// appearance. A template may generalise as lines arrive; its id stays.
func (c *Cluster) ID() string { return c.live().id }

// Number returns the number in the ID (1 for the first cluster formed).
func (c *Cluster) Number() int { return c.live().num }

// Count returns how many lines joined the cluster.
func (c *Cluster) Count() int { return c.live().count }

// Template returns the template as it stands now: the lines' words, typed
// placeholders such as <IP> and <NUM> for masked variables, and <*> where
// lines differed.
func (c *Cluster) Template() string {
	c = c.live()
	if c.dirty {
		var b []byte
		for i := range c.slots {
			if i > 0 {
				b = append(b, ' ')
			}
			b = appendMasked(b, c.slots[i].text)
		}
		c.text = string(b)
		c.dirty = false
	}
	return c.text
}

// appendMasked spells one masked token, each sentinel-kind pair as its
// placeholder.
func appendMasked(dst, tok []byte) []byte {
	for i := 0; i < len(tok); i++ {
		if tok[i] == sentinel && i+1 < len(tok) {
			i++
			dst = append(dst, Kind(tok[i]).Placeholder()...)
			continue
		}
		dst = append(dst, tok[i])
	}
	return dst
}

// score matches the tokenizer's current line against the cluster: the
// number of positions that match exactly, or -1 when the line cannot join.
func (c *Cluster) score(t *tokenizer) int {
	n := 0
	for i := range c.slots {
		r := c.slots[i].match(&t.toks[i], t.text(i))
		if r < 0 {
			return -1
		}
		n += r
	}
	return n
}

// absorb counts the current line into the cluster and reports whether a
// slot became wild.
func (c *Cluster) absorb(t *tokenizer) (wild bool) {
	c.count++
	for i := range c.slots {
		changed, w := c.slots[i].absorb(&t.toks[i], t.text(i))
		c.dirty = c.dirty || changed
		wild = wild || w
	}
	return wild
}
