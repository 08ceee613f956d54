package loki

import (
	"strings"
	"testing"
)

// Loki 3 can add structured metadata as a third element of a value; it is
// dropped, and the streams of a page are merged in time order.
func TestDecodePage(t *testing.T) {
	body := `{"status":"success","data":{"resultType":"streams","result":[
		{"stream":{"app":"a"},"values":[["30","a3",{"trace_id":"t"}],["10","a1"]]},
		{"stream":{"app":"b"},"values":[["20","b2",{}],["10","b1"]]}],"stats":{"summary":{}}}}`
	var p page
	if err := decodePage([]byte(body), &p); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range p.entries {
		got = append(got, e.line)
	}
	if want := "a1 b1 b2 a3"; strings.Join(got, " ") != want {
		t.Fatalf("got %q, want %q", strings.Join(got, " "), want)
	}
}
