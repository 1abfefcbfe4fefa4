package promclient_test

// Runs against the real servers of scripts/stack, with testdata/replay/small.csv loaded by
// scripts/replay. Set SENTINEL_PROM_URL and SENTINEL_VM_URL; see pkg/internal/testenv.

import (
	"context"
	"errors"
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/anomalysentinel/sentinel/pkg/internal/testenv"
	"github.com/anomalysentinel/sentinel/pkg/promclient"
)

var replayStart = time.Unix(1767225600, 0).UTC()

const replayRows = 60

func newClient(t *testing.T, cfg promclient.Config) *promclient.Client {
	t.Helper()
	c, err := promclient.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.CloseIdleConnections)
	return c
}

func TestIntegrationQueryRangeReturnsReplayedValues(t *testing.T) {
	want, err := testenv.ReadReplayCSV(filepath.Join(testenv.RepoRoot(t), testenv.ReplaySmallCSV))
	if err != nil {
		t.Fatal(err)
	}
	testenv.Upstreams(t, func(t *testing.T, up testenv.Upstream) {
		c := newClient(t, promclient.Config{BaseURL: up.URL})
		end := replayStart.Add((replayRows - 1) * time.Minute)
		res, err := c.QueryRange(context.Background(), want.Selector("node_load1"), replayStart, end, time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		if res.Type != promclient.ResultMatrix || len(res.Series) != 2 {
			t.Fatalf("got %s with %d series, want a matrix of 2 (is testdata/replay/small.csv replayed?)", res.Type, len(res.Series))
		}
		for _, s := range res.Series {
			exp := want["node_load1"][s.Labels["instance"]]
			if len(s.Samples) != len(exp) {
				t.Fatalf("%v: %d samples, want %d", s.Labels, len(s.Samples), len(exp))
			}
			for i, p := range s.Samples {
				if !p.T.Equal(exp[i].T) || p.V != exp[i].V {
					t.Fatalf("%v sample %d = (%v, %v), want (%v, %v)", s.Labels, i, p.T, p.V, exp[i].T, exp[i].V)
				}
			}
		}
	})
}

func TestIntegrationInstantQueryAndSeries(t *testing.T) {
	fixture, err := testenv.ReadReplayCSV(filepath.Join(testenv.RepoRoot(t), testenv.ReplaySmallCSV))
	if err != nil {
		t.Fatal(err)
	}
	testenv.Upstreams(t, func(t *testing.T, up testenv.Upstream) {
		c := newClient(t, promclient.Config{BaseURL: up.URL})
		ctx := context.Background()
		at := replayStart.Add(2 * time.Minute)
		res, err := c.Query(ctx, `node_load1{job="replay",instance="host-a"}`, at)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Series) != 1 || len(res.Series[0].Samples) != 1 || res.Series[0].Samples[0].V != 1 {
			t.Fatalf("host-a at +2m: %+v, want 1", res.Series)
		}
		res, err = c.Query(ctx, `vector(1) / 0`, at)
		if err != nil || len(res.Series) != 1 || res.Series[0].Samples[0].V <= 1e308 {
			t.Fatalf("1/0: %+v, %v; want +Inf", res.Series, err)
		}
		sets, err := c.Series(ctx, []string{`{job="replay",instance=~"host-a|host-b"}`}, replayStart, replayStart.Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if len(sets) != 6 { // 3 metrics × 2 hosts
			t.Fatalf("series = %v, want 6", sets)
		}
		small := newClient(t, promclient.Config{BaseURL: up.URL, MaxSeries: 1})
		_, err = small.QueryRange(ctx, fixture.Selector("node_load1"), replayStart, replayStart.Add(time.Hour), time.Minute)
		if !errors.Is(err, promclient.ErrLimitExceeded) {
			t.Fatalf("2 series with MaxSeries 1: %v", err)
		}
	})
}

func TestIntegrationBuildInfo(t *testing.T) {
	testenv.Upstreams(t, func(t *testing.T, up testenv.Upstream) {
		info, err := newClient(t, promclient.Config{BaseURL: up.URL}).BuildInfo(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s reports %q", up.Name, info)
		switch up.Name {
		case "prometheus":
			if info.Product != "Prometheus" || !strings.HasPrefix(info.Version, "2.") || info.GoVersion == "" {
				t.Fatalf("info = %+v", info)
			}
		case "victoriametrics":
			if info.Product != "VictoriaMetrics" {
				t.Fatalf("info = %+v, want product VictoriaMetrics", info)
			}
		}
	})
}

func TestIntegrationBadPromQLIsBadRequestWithServerMessage(t *testing.T) {
	testenv.Upstreams(t, func(t *testing.T, up testenv.Upstream) {
		_, err := newClient(t, promclient.Config{BaseURL: up.URL}).Query(context.Background(), `sum(rate(x[5m]`, replayStart)
		var e *promclient.Error
		if !errors.As(err, &e) || e.Kind != promclient.KindBadRequest || e.Status/100 != 4 {
			t.Fatalf("error = %v, want a 4xx bad request", err)
		}
		if e.Message == "" || !strings.Contains(err.Error(), e.Message) {
			t.Fatalf("the server's message is lost: %+v", e)
		}
		t.Logf("%s: %v", up.Name, err)
	})
}

// heavyQuery needs no stored data and keeps each server busy well over a second over a 4h range
// at step 3s (measured on the dev machine: Prometheus 2.42 ~1.7 s, VictoriaMetrics 1.79 ~2 s),
// so a 100ms client timeout can only end in our own deadline. rand() keeps VictoriaMetrics from
// short-cutting a constant series; Prometheus has no rand().
func heavyQuery(server string) string {
	if server == "victoriametrics" {
		return `quantile_over_time(0.5, rand()[2h:2s])`
	}
	return `quantile_over_time(0.5, vector(time())[4h:2s])`
}

func TestIntegrationSlowQueryTimesOut(t *testing.T) {
	testenv.Upstreams(t, func(t *testing.T, up testenv.Upstream) {
		c := newClient(t, promclient.Config{BaseURL: up.URL, Timeout: 100 * time.Millisecond})
		began := time.Now()
		_, err := c.QueryRange(context.Background(), heavyQuery(up.Name), replayStart, replayStart.Add(4*time.Hour), 3*time.Second)
		if !errors.Is(err, promclient.ErrTimeout) {
			t.Fatalf("error = %v, want a timeout", err)
		}
		if took := time.Since(began); took > 2*time.Second {
			t.Fatalf("gave up after %s, want about 100ms", took)
		}
		if !strings.Contains(err.Error(), "raise the timeout or narrow the range") {
			t.Fatalf("message = %q", err)
		}
	})
}

// Prometheus stops at its own query timeout (the "timeout" parameter we send) with a 503 and
// errorType "timeout"; the client keeps waiting longer so that answer arrives.
func TestIntegrationPrometheusOwnTimeoutIs503Timeout(t *testing.T) {
	url := testenv.Require(t, testenv.PromURLVar)
	c := newClient(t, promclient.Config{BaseURL: url, Timeout: 30 * time.Second, ServerTimeout: 10 * time.Millisecond})
	expr := `count_over_time(vector(1)[8h:1s])`
	_, err := c.QueryRange(context.Background(), expr, replayStart, replayStart.Add(8*time.Hour), 3*time.Second)
	var e *promclient.Error
	if !errors.As(err, &e) || e.Kind != promclient.KindTimeout || e.Status != 503 || e.ErrorType != "timeout" {
		t.Fatalf("error = %v (%+v), want Timeout with HTTP 503 errorType timeout", err, e)
	}
}

func TestIntegrationUnreachable(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_ = l.Close()
	_, err = newClient(t, promclient.Config{BaseURL: "http://" + addr}).BuildInfo(context.Background())
	if !errors.Is(err, promclient.ErrUnreachable) || !strings.Contains(err.Error(), "check the datasource URL") {
		t.Fatalf("error = %v", err)
	}
}
