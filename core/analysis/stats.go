package analysis

import "math"

// spikePValue is how unlikely a rise must be under "same rate as the
// baseline" to count. It is strict because every template is tested.
const spikePValue = 0.001

// risePValue tests whether w events in the window against b in a baseline
// of equal length is more than chance. Under equal rates each of the n=w+b
// events falls in the window with probability 1/2, so the p-value is the
// binomial upper tail P(X >= w), X ~ Bin(n, 1/2): the conditional test for
// comparing two Poisson counts.
func risePValue(w, b int64) float64 {
	n := w + b
	if n == 0 || w <= b {
		return 1
	}
	if n > 1000 {
		// Normal approximation with continuity correction; exact sums would
		// underflow and gain nothing at this size.
		mean, sd := float64(n)/2, math.Sqrt(float64(n))/2
		z := (float64(w) - 0.5 - mean) / sd
		return 0.5 * math.Erfc(z/math.Sqrt2)
	}
	// Sum the tail in log space: log C(n,k) - n log 2.
	logHalfN := float64(n) * math.Ln2
	p := 0.0
	for k := w; k <= n; k++ {
		lc := lgamma(float64(n)+1) - lgamma(float64(k)+1) - lgamma(float64(n-k)+1)
		p += math.Exp(lc - logHalfN)
	}
	return math.Min(p, 1)
}

func lgamma(x float64) float64 {
	v, _ := math.Lgamma(x)
	return v
}
