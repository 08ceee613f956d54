package loki

import (
	"errors"
	"sort"
	"strconv"
	"strings"

	"github.com/sigsentry/hub/adapters/httpsource"
	"github.com/sigsentry/hub/core"
)

// firstLabel returns the value of the first of names that labels has.
func firstLabel(labels map[string]string, names []string) string {
	for _, n := range names {
		if v := labels[n]; v != "" {
			return v
		}
	}
	return ""
}

// labelsKey writes a label set in a canonical order, so that the same
// stream gives the same key in every page.
func labelsKey(labels map[string]string) string {
	keys := make([]string, 0, len(labels))
	for k := range labels {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		b.WriteString(k)
		b.WriteByte('=')
		b.WriteString(strconv.Quote(labels[k]))
		b.WriteByte(',')
	}
	return b.String()
}

// hintQuery points a 400 answer at the query, which is what Loki refuses
// with it (a LogQL syntax error, a limit over max_entries_limit_per_query).
func hintQuery(err error) error {
	var se *httpsource.StatusError
	if errors.As(err, &se) && se.Status == 400 {
		se.Hint(core.ErrInvalid, "check config.query and config.limit")
	}
	return err
}

func isBadRequest(err error) bool {
	var se *httpsource.StatusError
	return errors.As(err, &se) && se.Status == 400
}
