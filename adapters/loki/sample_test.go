package loki

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/sigsentry/hub/core"
)

func TestSampleNewestLines(t *testing.T) {
	now := time.Now()
	fs := fakeStream{labels: map[string]string{"app": "shop", "level": "info"}}
	for i := range 50 {
		fs.entries = append(fs.entries, fakeEntry{now.Add(-time.Duration(50-i) * time.Second).UnixNano(), fmt.Sprint(`{"msg":"line `, i, `"}`)})
	}
	f, srv := newFakeLoki(t, fs)
	got, err := open(t, map[string]any{"url": srv.URL, "query": `{app="shop"}`}, nil).Sample(context.Background(), now, 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || got[0].Message != "line 47" || got[2].Message != "line 49" || got[2].Service != "shop" || got[2].Level != "info" {
		t.Fatalf("got %+v", got)
	}
	if q := f.requestLog()[0]; q.Get("direction") != "backward" || q.Get("limit") != "3" {
		t.Fatalf("request %v", q)
	}
}

func TestSampleLooksBackADay(t *testing.T) {
	now := time.Now()
	f, srv := newFakeLoki(t, fakeStream{labels: map[string]string{"app": "quiet"}, entries: []fakeEntry{{now.Add(-5 * time.Hour).UnixNano(), "old news"}}})
	got, err := open(t, map[string]any{"url": srv.URL, "query": `{app="quiet"}`}, nil).Sample(context.Background(), now, 5)
	if err != nil || len(got) != 1 || got[0].Message != "old news" || len(f.requestLog()) != 2 {
		t.Fatalf("got %+v, %v after %d requests", got, err, len(f.requestLog()))
	}
}

func TestSampleEmptyAndRefused(t *testing.T) {
	f, srv := newFakeLoki(t)
	got, err := open(t, map[string]any{"url": srv.URL, "query": `{app="none"}`}, nil).Sample(context.Background(), time.Now(), 5)
	if err != nil || got == nil || len(got) != 0 {
		t.Fatalf("empty: %+v, %v", got, err)
	}
	f.bearer = "right"
	_, err = open(t, map[string]any{"url": srv.URL, "query": `{app="none"}`}, map[string]string{"bearer_token": "wrong"}).Sample(context.Background(), time.Now(), 5)
	if core.ErrorCode(err) != core.ErrUnauthorized || core.ErrorMessage(err) != "loki answered 401 Unauthorized: check credentials.bearer_token: invalid token" {
		t.Fatalf("refused: %v", err)
	}
}
