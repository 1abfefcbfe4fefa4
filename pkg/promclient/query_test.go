package promclient

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"
)

// Arguments that are wrong are refused before any request: the handler fails the test if hit.
func TestQueryArgumentsCheckedBeforeSending(t *testing.T) {
	client := newTestClient(t, func(_ http.ResponseWriter, r *http.Request) {
		t.Errorf("unexpected request to %s", r.URL.Path)
	}, func(c *Config) { c.MaxPoints = 11000 })
	ctx := context.Background()
	start := time.Unix(1767225600, 0)

	_, err := client.Query(ctx, "  ", start)
	wantKind(t, err, KindBadRequest)
	_, err = client.QueryRange(ctx, "up", start, start.Add(time.Hour), 0)
	wantKind(t, err, KindBadRequest)
	_, err = client.QueryRange(ctx, "up", start, start.Add(-time.Hour), time.Second)
	wantKind(t, err, KindBadRequest)
	_, err = client.Series(ctx, nil, start, start)
	wantKind(t, err, KindBadRequest)

	// 11,000 points fit; 11,001 do not.
	_, err = client.QueryRange(ctx, "up", start, start.Add(11001*time.Second), time.Second)
	e := wantKind(t, err, KindLimitExceeded)
	if !strings.Contains(e.Error(), "11002 points") || !strings.Contains(e.Error(), "widen the step") {
		t.Errorf("message = %q", e)
	}
}

func TestQueryRangeAtPointLimitIsSent(t *testing.T) {
	hits := 0
	client := newTestClient(t, func(w http.ResponseWriter, _ *http.Request) {
		hits++
		_, _ = w.Write([]byte(`{"status":"success","data":{"resultType":"matrix","result":[]}}`))
	}, func(c *Config) { c.MaxPoints = 61 })
	start := time.Unix(1767225600, 0)
	if _, err := client.QueryRange(context.Background(), "up", start, start.Add(time.Hour), time.Minute); err != nil {
		t.Fatal(err)
	}
	if hits != 1 {
		t.Fatalf("hits = %d", hits)
	}
}

func TestSeriesLimit(t *testing.T) {
	client := newTestClient(t, func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte(`{"status":"success","data":[{"a":"1"},{"a":"2"},{"a":"3"}]}`))
	}, func(c *Config) { c.MaxSeries = 2 })
	_, err := client.Series(context.Background(), []string{"up"}, time.Unix(0, 0), time.Unix(60, 0))
	wantKind(t, err, KindLimitExceeded)
}

func TestWarningsAreKept(t *testing.T) {
	client := newTestClient(t, func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte(`{"status":"success","warnings":["partial response"],"data":{"resultType":"vector","result":[]}}`))
	})
	res, err := client.Query(context.Background(), "up", time.Unix(0, 0))
	if err != nil || len(res.Warnings) != 1 || res.Warnings[0] != "partial response" {
		t.Fatalf("res = %+v, err = %v", res, err)
	}
}
