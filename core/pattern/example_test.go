package pattern_test

import (
	"fmt"

	"github.com/sigsentry/hub/core/pattern"
)

// Mine a few lines, then read each line's final group: templates generalise
// as lines arrive, so the group is read after the last line, as
// `sigsentry patterns` does.
func Example() {
	miner := pattern.New(pattern.Config{})
	lines := []string{
		"Accepted password for alice from 10.0.0.7 port 50122 ssh2",
		"Connection closed by 10.0.0.9 [preauth]",
		"Accepted password for bob from 10.0.0.8 port 50144 ssh2",
		"Accepted password for carol from 192.168.1.2 port 2201 ssh2",
		"Connection closed by 10.0.0.3 [preauth]",
		"Accepted password for dave from 10.0.0.4 port 40022 ssh2",
		"request 7f3c9a took 250ms, sent 1.5 MB to https://api.example.com/v1/pay",
	}
	var joined []*pattern.Cluster
	for _, l := range lines {
		joined = append(joined, miner.Add([]byte(l)))
	}
	for _, c := range joined {
		fmt.Printf("%s\t%s\n", c.ID(), c.Template())
	}
	fmt.Println(miner.Len(), "templates")
	// Output:
	// P1	Accepted password for <*> from <IP> port <NUM> ssh2
	// P2	Connection closed by <IP> [preauth]
	// P1	Accepted password for <*> from <IP> port <NUM> ssh2
	// P1	Accepted password for <*> from <IP> port <NUM> ssh2
	// P2	Connection closed by <IP> [preauth]
	// P1	Accepted password for <*> from <IP> port <NUM> ssh2
	// P5	request <HEX> took <DUR>, sent <SIZE> to https://<URL>
	// 3 templates
}
