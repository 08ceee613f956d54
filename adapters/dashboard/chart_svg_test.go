package dashboard

import (
	"strings"
	"testing"
	"time"

	"github.com/sigsentry/hub/core"
	"github.com/sigsentry/hub/core/analysis"
)

func TestNiceScale(t *testing.T) {
	cases := []struct{ max, top, step int64 }{
		{0, 1, 1}, {1, 1, 1}, {4, 4, 1}, {5, 5, 1}, {7, 8, 2}, {10, 10, 2}, {11, 15, 5},
		{26, 30, 10}, {380, 400, 100}, {1234, 1500, 500},
	}
	for _, c := range cases {
		if top, step := niceScale(c.max); top != c.top || step != c.step {
			t.Errorf("niceScale(%d) = %d, %d; want %d, %d", c.max, top, step, c.top, c.step)
		}
	}
}

func TestChartBarsStandOnTheAxisInProportion(t *testing.T) {
	start := time.Date(2026, 3, 10, 13, 20, 0, 0, time.UTC)
	w := core.Window{Start: start, End: start.Add(2 * time.Hour)}
	var series []analysis.Bucket
	for i := 0; i < 30; i++ {
		series = append(series, analysis.Bucket{Start: start.Add(time.Duration(i) * 4 * time.Minute),
			Errors: int64(i * 10), BaselineErrors: 5})
	}
	c := newChart(series, w)
	if len(c.Bars) != 60 || len(c.Rows) != 30 {
		t.Fatalf("%d bars, %d rows", len(c.Bars), len(c.Rows))
	}
	axis := c.AxisY()
	for i, b := range c.Bars {
		if b.X < c.PlotX || b.X+b.W > c.PlotX+c.PlotW+0.1 || b.Y < c.PlotY-0.1 || b.Y+b.H > axis+0.1 {
			t.Fatalf("bar %d outside the plot: %+v", i, b)
		}
	}
	tallest := c.Bars[59] // window bar of the last bucket: 290 errors on a 300 axis
	if want := c.PlotH * 290 / 300; tallest.H < want-0.2 || tallest.H > want+0.2 || tallest.Baseline {
		t.Errorf("tallest bar height %.1f, want %.1f", tallest.H, want)
	}
	if !c.Bars[0].Baseline || c.Bars[1].H != 0 || c.Bars[1].Baseline {
		t.Errorf("first bucket: %+v %+v", c.Bars[0], c.Bars[1])
	}
	if c.Bucket != "4 min" || len(c.XTicks) > maxXLabels || c.XTicks[0].Label != "13:20" {
		t.Errorf("x axis: bucket %q, ticks %+v", c.Bucket, c.XTicks)
	}
	if c.YTicks[len(c.YTicks)-1].Label != "300" {
		t.Errorf("y axis top %+v", c.YTicks)
	}
	if !strings.Contains(c.Summary, "4,350 errors in the window against 150 in the baseline") ||
		!strings.Contains(c.Summary, "peaks at 290 errors at 15:16 UTC") {
		t.Errorf("summary: %s", c.Summary)
	}
}

func TestChartWithoutErrors(t *testing.T) {
	start := time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)
	c := newChart([]analysis.Bucket{{Start: start}, {Start: start.Add(time.Hour)}},
		core.Window{Start: start, End: start.Add(2 * time.Hour)})
	if c.Bucket != "1 h" || strings.Contains(c.Summary, "peaks") || len(c.YTicks) != 2 {
		t.Errorf("empty chart: %+v", c)
	}
	one := newChart([]analysis.Bucket{{Start: start, Errors: 1}}, core.Window{Start: start, End: start.Add(time.Hour)})
	if !strings.HasPrefix(one.Summary, "1 error in the window") || !strings.Contains(one.Summary, "peaks at 1 error at") {
		t.Errorf("singular: %s", one.Summary)
	}
}
