package plugin

// Against the real servers of scripts/stack with testdata/replay/small.csv replayed; set
// SENTINEL_PROM_URL and SENTINEL_VM_URL (see pkg/internal/testenv).

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/anomalysentinel/sentinel/pkg/internal/testenv"
)

var replayStart = time.Unix(1767225600, 0).UTC()

func replayQuery(refID, model string) backend.DataQuery {
	return backend.DataQuery{RefID: refID, JSON: []byte(model), Interval: 15 * time.Second,
		TimeRange: backend.TimeRange{From: replayStart, To: replayStart.Add(59 * time.Minute)}}
}

func TestIntegrationQueryDataReturnsReplayedValues(t *testing.T) {
	want, err := testenv.ReadReplayCSV(filepath.Join(testenv.RepoRoot(t), testenv.ReplaySmallCSV))
	if err != nil {
		t.Fatal(err)
	}
	testenv.Upstreams(t, func(t *testing.T, up testenv.Upstream) {
		ds := newTestDatasource(t, up.URL, `{}`)
		resp, err := ds.QueryData(context.Background(), &backend.QueryDataRequest{Queries: []backend.DataQuery{
			replayQuery("A", fmt.Sprintf(`{"expr":%q,"stepSeconds":60}`, want.Selector("node_load1"))),
			replayQuery("bad", `{"expr":"sum(rate(x[5m]"}`),
			replayQuery("none", `{"expr":"node_load1{job=\"no-such-job\"}","stepSeconds":60}`),
		}})
		if err != nil {
			t.Fatal(err)
		}
		if r := resp.Responses["A"]; r.Error != nil {
			t.Fatalf("A: %v", r.Error)
		} else if err := testenv.CheckReplayFrames(r.Frames, want["node_load1"]); err != nil {
			t.Fatalf("A: %v", err)
		}
		if r := resp.Responses["bad"]; r.Status != backend.StatusBadRequest || r.Error == nil {
			t.Errorf("bad PromQL: status %d, error %v", r.Status, r.Error)
		} else {
			t.Logf("%s bad PromQL: %v", up.Name, r.Error)
		}
		if r := resp.Responses["none"]; r.Error != nil || len(r.Frames) != 0 {
			t.Errorf("no matching series: %+v, want an empty response", r)
		}
	})
}

func TestIntegrationQueryDataUpstreamFailures(t *testing.T) {
	testenv.Upstreams(t, func(t *testing.T, up testenv.Upstream) {
		ds := newTestDatasource(t, up.URL, `{"timeoutSeconds":0.1}`)
		heavy := `quantile_over_time(0.5, vector(time())[4h:2s])`
		if up.Name == "victoriametrics" {
			heavy = `quantile_over_time(0.5, rand()[2h:2s])`
		}
		q := backend.DataQuery{RefID: "slow", JSON: []byte(`{"expr":"` + heavy + `","stepSeconds":3}`),
			TimeRange: backend.TimeRange{From: replayStart, To: replayStart.Add(4 * time.Hour)}}
		resp, err := ds.QueryData(context.Background(), &backend.QueryDataRequest{Queries: []backend.DataQuery{q}})
		if err != nil {
			t.Fatal(err)
		}
		if r := resp.Responses["slow"]; r.Status != backend.StatusTimeout {
			t.Errorf("slow query: status %d, error %v; want 504", r.Status, r.Error)
		}
	})
}
