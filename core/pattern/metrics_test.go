package pattern_test

import (
	"regexp"
	"strings"
)

// groupingAccuracy is Loghub's GA: a line counts as correct when the group
// the miner put it in holds exactly the lines of its true group.
func groupingAccuracy(pred, truth []string) float64 {
	if len(pred) == 0 {
		return 0
	}
	predLines := map[string][]int{}
	truthSize := map[string]int{}
	for i := range pred {
		predLines[pred[i]] = append(predLines[pred[i]], i)
		truthSize[truth[i]]++
	}
	correct := 0
	for _, lines := range predLines {
		id := truth[lines[0]]
		same := truthSize[id] == len(lines)
		for _, i := range lines[1:] {
			same = same && truth[i] == id
		}
		if same {
			correct += len(lines)
		}
	}
	return float64(correct) / float64(len(pred))
}

// parsingAccuracy is Loghub's PA: a line counts as correct when its template
// equals the true one once the miner's typed placeholders are written as the
// labels write every variable, <*>.
func parsingAccuracy(pred, truth []string) float64 {
	if len(pred) == 0 {
		return 0
	}
	correct := 0
	for i := range pred {
		if asLoghub(pred[i]) == strings.TrimSpace(truth[i]) {
			correct++
		}
	}
	return float64(correct) / float64(len(pred))
}

var placeholder = regexp.MustCompile(`<(?:\*|TS|UUID|IP|HEX|EMAIL|NUM|DUR|SIZE|PATH|URL|ID|BOOL)>`)

func asLoghub(tmpl string) string {
	return placeholder.ReplaceAllString(tmpl, "<*>")
}
