package fleet

// Against the real servers of scripts/stack with testdata/replay/small.csv replayed (host-a,
// host-b: node_load1, node_memory_MemAvailable_bytes, node_network_receive_bytes_total, one row
// a minute from 2026-01-01T00:00Z); set SENTINEL_PROM_URL and SENTINEL_VM_URL.

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/anomalysentinel/sentinel/pkg/internal/testenv"
	"github.com/anomalysentinel/sentinel/pkg/model"
	"github.com/anomalysentinel/sentinel/pkg/promclient"
)

const replaySelector = `job="replay", instance=~"host-a|host-b"`

// replayRequest reads the replayed metrics through three of the model's features (the rest
// have no data for these hosts and count as missing). The first feature reads node_load1, so
// discovery finds the replayed hosts.
func replayRequest(t *testing.T) Request {
	e := testEngine(t)
	features := append([]model.FeatureSpec(nil), e.Meta.Features...)
	overrides := map[string]string{
		"cpu_busy":         `node_load1{$selector} / 4`,
		"memory_used":      `1 - node_memory_MemAvailable_bytes{$selector} / 16e9`,
		"network_rx_bytes": `sum by (instance) (rate(node_network_receive_bytes_total{$selector}[$rate]))`,
	}
	for i, f := range features {
		if q, ok := overrides[f.Name]; ok {
			features[i].PromQL = q
		}
	}
	from := int64(1767225600000)
	return Request{Engine: e, Features: features, Selector: replaySelector, FromMs: from, ToMs: from + 59*60_000}
}

func stackFetcher(t *testing.T, url string, cfg Config) *Fetcher {
	client, err := promclient.New(promclient.Config{BaseURL: url})
	if err != nil {
		t.Fatal(err)
	}
	discovery, err := promclient.New(promclient.Config{BaseURL: url, MaxSeries: cfg.withDefaults().MaxHosts + 1})
	if err != nil {
		t.Fatal(err)
	}
	return &Fetcher{Data: client, Discovery: discovery, Config: cfg}
}

// unshardedRisk is the computation without discovery or shards: one query_range per feature
// for the whole selector, as the backend did before sharding.
func unshardedRisk(t *testing.T, q Querier, req Request) *model.RiskResult {
	e := req.Engine
	plan, err := e.Plan(req.FromMs, req.ToMs)
	if err != nil {
		t.Fatal(err)
	}
	var series []model.FeatureSeries
	names := make([]string, len(req.Features))
	for i, spec := range req.Features {
		names[i] = spec.Name
		expr, err := model.RenderFeatureQuery(spec, req.Selector, e.Meta.RateWindow)
		if err != nil {
			t.Fatal(err)
		}
		res, err := q.QueryRange(context.Background(), expr, time.UnixMilli(plan.FetchStartMs), time.UnixMilli(plan.LastScoredMs), time.Duration(e.StepMs())*time.Millisecond)
		if err != nil {
			t.Fatal(err)
		}
		fs, err := featureSeries(spec.Name, res)
		if err != nil {
			t.Fatal(err)
		}
		series = append(series, fs...)
	}
	hosts, err := model.AlignHosts(series, names, plan.FetchStartMs, plan.LastScoredMs, e.StepMs(), e.Meta.MaxFillSteps, e.SettleSteps())
	if err != nil {
		t.Fatal(err)
	}
	res, err := e.ScoreWith(context.Background(), hosts, req.FromMs, req.ToMs, req.Options)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// Discovery finds the replayed hosts, and one host per shard, several shards in flight, gives
// exactly what one query per feature for all hosts gives.
func TestIntegrationShardedEqualsUnsharded(t *testing.T) {
	testenv.Upstreams(t, func(t *testing.T, up testenv.Upstream) {
		req := replayRequest(t)
		sharded, err := stackFetcher(t, up.URL, Config{ShardSize: 1, Concurrency: 2}).Score(context.Background(), req)
		if err != nil {
			t.Fatal(err)
		}
		if got := instances(sharded); got != "host-a,host-b" || len(sharded.Warnings) != 0 {
			t.Fatalf("hosts %s (is %s replayed?), warnings %q", got, testenv.ReplaySmallCSV, sharded.Warnings)
		}
		whole, err := stackFetcher(t, up.URL, Config{ShardSize: 100, Concurrency: 1}).Score(context.Background(), req)
		if err != nil {
			t.Fatal(err)
		}
		direct := unshardedRisk(t, stackFetcher(t, up.URL, Config{}).Data, req)
		if !reflect.DeepEqual(sharded.Risk, whole.Risk) || !reflect.DeepEqual(sharded.Risk, direct) {
			t.Fatal("sharded, single-shard and unsharded risk differ")
		}
		if len(direct.TimestampsMs) != 237 {
			t.Fatalf("%d steps scored, want 237 (00:00 … 00:59 at 15 s)", len(direct.TimestampsMs))
		}
		t.Logf("%s: %d hosts × %d steps, risk at 00:30 %.4f / %.4f", up.Name, len(direct.Hosts), len(direct.TimestampsMs), direct.Hosts[0].Risk[120], direct.Hosts[1].Risk[120])
	})
}

func TestIntegrationHostLimit(t *testing.T) {
	testenv.Upstreams(t, func(t *testing.T, up testenv.Upstream) {
		_, err := stackFetcher(t, up.URL, Config{MaxHosts: 1}).Score(context.Background(), replayRequest(t))
		var fe *Error
		if !errors.As(err, &fe) || fe.Kind != KindTooManyHosts || !strings.Contains(err.Error(), "2 hosts match") {
			t.Fatalf("error %v, want KindTooManyHosts naming 2 hosts", err)
		}
	})
}

// A selector matching nothing is an empty result over the range, not an error (alerting reads
// it as NoData).
func TestIntegrationNoMatchingHosts(t *testing.T) {
	testenv.Upstreams(t, func(t *testing.T, up testenv.Upstream) {
		req := replayRequest(t)
		req.Selector = `job="no-such-job"`
		res, err := stackFetcher(t, up.URL, Config{}).Score(context.Background(), req)
		if err != nil || len(res.Risk.Hosts) != 0 || len(res.Risk.TimestampsMs) != 237 {
			t.Fatalf("%+v, %v", res, err)
		}
	})
}
