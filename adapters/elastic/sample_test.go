package elastic

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/sigsentry/hub/core"
)

func TestSampleNewestDocuments(t *testing.T) {
	now := time.Now()
	var docs []fakeDoc
	for i := range 30 {
		docs = append(docs, ecsDoc("logs", fmt.Sprint(i), now.Add(-time.Duration(30-i)*time.Second), fmt.Sprint("doc ", i)))
	}
	f, srv := newFakeES(t, docs...)
	got, err := open(t, map[string]any{"url": srv.URL, "index": "logs"}, nil).Sample(context.Background(), now, 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || got[0].Message != "doc 27" || got[2].Message != "doc 29" || got[2].Service != "logs" || got[2].Level != "info" {
		t.Fatalf("got %+v", got)
	}
	b := f.requestBodies()[0]
	if order := b["sort"].([]any)[0].(map[string]any)["@timestamp"].(map[string]any)["order"]; order != "desc" || num(b["size"]) != 3 {
		t.Fatalf("request %v", b)
	}
}

func TestSampleQuietIndexAndErrors(t *testing.T) {
	now := time.Now()
	f, srv := newFakeES(t, ecsDoc("logs", "1", now.Add(-3*time.Hour), "hours ago"))
	got, err := open(t, map[string]any{"url": srv.URL, "index": "logs"}, nil).Sample(context.Background(), now, 5)
	if err != nil || len(got) != 1 || got[0].Message != "hours ago" || len(f.requestBodies()) != 2 {
		t.Fatalf("got %+v, %v", got, err)
	}
	got, err = open(t, map[string]any{"url": srv.URL, "index": "logs-*"}, nil).Sample(context.Background(), now, 5)
	if err != nil || got == nil || len(got) != 0 {
		t.Fatalf("no match: %+v, %v", got, err)
	}
	f.apiKey = "right"
	_, err = open(t, map[string]any{"url": srv.URL, "index": "logs"}, map[string]string{"api_key": "wrong"}).Sample(context.Background(), now, 5)
	if core.ErrorCode(err) != core.ErrUnauthorized {
		t.Fatalf("refused: %v", err)
	}
}
