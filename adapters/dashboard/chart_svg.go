package dashboard

import (
	"fmt"
	"math"
	"time"

	"github.com/sigsentry/hub/core"
	"github.com/sigsentry/hub/core/analysis"
)

// The error chart is drawn on the server as SVG: a pair of bars per bucket,
// the baseline's errors (the same stretch of time just before the window)
// beside the window's, over a y axis of round numbers. The page also gets a
// one-sentence summary and the numbers as a table, which is what screen
// readers and text browsers read.
const (
	chartWidth  = 760
	chartHeight = 280
	plotLeft    = 56
	plotRight   = 12
	plotTop     = 12
	plotBottom  = 44
	maxXLabels  = 7
)

type chart struct {
	Width, Height          int
	PlotX, PlotY           float64
	PlotW, PlotH           float64
	Bars                   []chartBar
	YTicks, XTicks         []chartTick
	Rows                   []chartRow
	Summary, Bucket        string
	WindowTotal, BaseTotal int64
}

type chartBar struct {
	X, Y, W, H float64
	Baseline   bool
	Title      string
}

type chartTick struct {
	Pos   float64
	Label string
}

type chartRow struct {
	Start            time.Time
	Errors, Baseline int64
}

func newChart(series []analysis.Bucket, window core.Window) *chart {
	c := &chart{Width: chartWidth, Height: chartHeight, PlotX: plotLeft, PlotY: plotTop,
		PlotW: chartWidth - plotLeft - plotRight, PlotH: chartHeight - plotTop - plotBottom}
	var peak int64
	var peakAt time.Time
	for _, b := range series {
		c.Rows = append(c.Rows, chartRow{Start: b.Start, Errors: b.Errors, Baseline: b.BaselineErrors})
		c.WindowTotal += b.Errors
		c.BaseTotal += b.BaselineErrors
		if b.Errors > peak {
			peak, peakAt = b.Errors, b.Start
		}
	}
	width := bucketWidth(series, window)
	c.Bucket = humanDuration(width)
	layout := "15:04"
	if window.Duration() > 24*time.Hour {
		layout = "Jan 2 15:04"
	}
	top, step := niceScale(maxCount(series))
	for v := int64(0); v <= top; v += step {
		c.YTicks = append(c.YTicks, chartTick{Pos: round1(c.yOf(v, top)), Label: formatCount(v)})
	}
	n := float64(len(series))
	group := c.PlotW / n
	every := int(math.Ceil(n / maxXLabels))
	for i, b := range series {
		x := c.PlotX + float64(i)*group
		label := b.Start.UTC().Format(layout)
		c.Bars = append(c.Bars,
			c.bar(x+group*0.1, group*0.4, b.BaselineErrors, top, true,
				fmt.Sprintf("%s: %s in the baseline", label, errorCount(b.BaselineErrors))),
			c.bar(x+group*0.5, group*0.4, b.Errors, top, false,
				fmt.Sprintf("%s: %s in the window", label, errorCount(b.Errors))))
		if i%every == 0 {
			c.XTicks = append(c.XTicks, chartTick{Pos: round1(x + group/2), Label: label})
		}
	}
	c.Summary = fmt.Sprintf("%s in the window against %s in the baseline, in %d buckets of %s.",
		errorCount(c.WindowTotal), formatCount(c.BaseTotal), len(series), c.Bucket)
	if peak > 0 {
		c.Summary += fmt.Sprintf(" The window peaks at %s at %s UTC.", errorCount(peak), peakAt.UTC().Format(layout))
	}
	return c
}

// AxisY is where the x axis runs: the bottom of the plot.
func (c *chart) AxisY() float64 { return round1(c.PlotY + c.PlotH) }

func (c *chart) yOf(v, top int64) float64 {
	return c.PlotY + c.PlotH - float64(v)/float64(top)*c.PlotH
}

func errorCount(n int64) string {
	if n == 1 {
		return "1 error"
	}
	return formatCount(n) + " errors"
}

func (c *chart) bar(x, w float64, v, top int64, baseline bool, title string) chartBar {
	y := c.yOf(v, top)
	return chartBar{X: round1(x), Y: round1(y), W: round1(w), H: round1(c.PlotY + c.PlotH - y),
		Baseline: baseline, Title: title}
}

func maxCount(series []analysis.Bucket) int64 {
	var m int64
	for _, b := range series {
		m = max(m, b.Errors, b.BaselineErrors)
	}
	return m
}

// niceScale returns an axis top ≥ m and a step of 1, 2 or 5 × 10^k giving
// at most five intervals.
func niceScale(m int64) (top, step int64) {
	if m <= 0 {
		return 1, 1
	}
	step = 1
	for {
		for _, f := range []int64{1, 2, 5} {
			if s := step * f; m <= s*5 {
				return (m + s - 1) / s * s, s
			}
		}
		step *= 10
	}
}

func bucketWidth(series []analysis.Bucket, window core.Window) time.Duration {
	if len(series) > 1 {
		return series[1].Start.Sub(series[0].Start)
	}
	return window.Duration()
}

func humanDuration(d time.Duration) string {
	switch {
	case d >= time.Hour && d%time.Hour == 0:
		return fmt.Sprintf("%d h", d/time.Hour)
	case d >= time.Minute && d%time.Minute == 0:
		return fmt.Sprintf("%d min", d/time.Minute)
	}
	return d.Round(time.Second).String()
}

func round1(f float64) float64 { return math.Round(f*10) / 10 }
