package pattern_test

import (
	"math/rand/v2"
	"runtime"
	"strconv"
	"testing"

	"github.com/sigsentry/hub/core/pattern"
)

// corpus returns every Loghub line, all systems concatenated.
func corpus(b *testing.B) [][]byte {
	b.Helper()
	var lines [][]byte
	for _, s := range loadLoghub(b) {
		for _, l := range s.lines {
			lines = append(lines, []byte(l))
		}
	}
	return lines
}

// BenchmarkMiner measures steady-state throughput on one core: one miner
// fed the Loghub lines over and over, one line per op.
func BenchmarkMiner(b *testing.B) {
	lines := corpus(b)
	size := 0
	for _, l := range lines {
		size += len(l)
	}
	m := pattern.New(pattern.Config{})
	for _, l := range lines {
		m.Add(l)
	}
	b.SetBytes(int64(size / len(lines)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m.Add(lines[i%len(lines)])
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "lines/s")
}

// BenchmarkMinerCold mines the whole corpus with a fresh miner per op, so
// cluster creation, sibling merging and the index's growth are included.
// It reports the heap the miner holds at the end.
func BenchmarkMinerCold(b *testing.B) {
	lines := corpus(b)
	b.ReportAllocs()
	var m *pattern.Miner
	for i := 0; i < b.N; i++ {
		m = pattern.New(pattern.Config{})
		for _, l := range lines {
			m.Add(l)
		}
	}
	b.ReportMetric(float64(b.N*len(lines))/b.Elapsed().Seconds(), "lines/s")
	b.ReportMetric(float64(heapInUse())/(1<<20), "heap-MiB")
	runtime.KeepAlive(m)
}

// BenchmarkScale feeds one million synthetic lines built to defeat a
// template miner (see synth.line): a third of them share no template at
// all, so only the cluster cap holds memory. It reports the clusters kept
// and the heap after 100k, 500k and 1M lines.
func BenchmarkScale(b *testing.B) {
	const n = 1_000_000
	for i := 0; i < b.N; i++ {
		m := pattern.New(pattern.Config{})
		gen := newSynth(uint64(i))
		var line []byte
		for j := 1; j <= n; j++ {
			line = gen.line(line[:0])
			m.Add(line)
			switch j {
			case 100_000:
				b.ReportMetric(float64(heapInUse())/(1<<20), "heap-MiB@100k")
			case 500_000:
				b.ReportMetric(float64(heapInUse())/(1<<20), "heap-MiB@500k")
			}
		}
		b.ReportMetric(float64(m.Len()), "clusters")
		b.ReportMetric(float64(heapInUse())/(1<<20), "heap-MiB@1M")
		runtime.KeepAlive(m)
	}
	b.ReportMetric(float64(b.N*n)/b.Elapsed().Seconds(), "lines/s")
}

func heapInUse() uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapInuse
}

// synth makes adversarial log lines, nearly every one with words never
// seen before.
type synth struct{ r *rand.Rand }

func newSynth(seed uint64) *synth { return &synth{r: rand.New(rand.NewPCG(seed, 42))} }

func (s *synth) word(dst []byte) []byte {
	v := s.r.Uint64()
	for i := 0; i < 4+int(v%6); i++ {
		v /= 26
		dst = append(dst, byte('a'+v%26))
	}
	return dst
}

// line makes one of three kinds: a request line with random words at three
// positions, a user line with a random user (sibling merging makes that a
// variable), or four random words (no template fits: new clusters until the
// cap, then the overflow cluster).
func (s *synth) line(dst []byte) []byte {
	switch s.r.IntN(3) {
	case 0:
		dst = append(dst, "request "...)
		dst = s.word(dst)
		dst = append(dst, " for "...)
		dst = s.word(dst)
		dst = append(dst, " id="...)
		dst = strconv.AppendUint(dst, s.r.Uint64(), 16)
		dst = append(dst, " user="...)
		dst = s.word(dst)
		dst = append(dst, " from 10.0.0."...)
		dst = strconv.AppendUint(dst, s.r.Uint64()%256, 10)
		dst = append(dst, " took "...)
		dst = strconv.AppendUint(dst, s.r.Uint64()%5000, 10)
		return append(dst, "ms"...)
	case 1:
		dst = append(dst, "session opened for user "...)
		dst = s.word(dst)
		return append(dst, " by (uid=0)"...)
	}
	for i := 0; i < 4; i++ {
		if i > 0 {
			dst = append(dst, ' ')
		}
		dst = s.word(dst)
	}
	return dst
}
