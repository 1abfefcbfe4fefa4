package plugin

// Risk queries against the real stack's live node_exporter data; the values must equal what the
// TypeScript CLI (`sentinel score`) computes for the same range from the same server.

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/anomalysentinel/sentinel/pkg/internal/testenv"
	"github.com/anomalysentinel/sentinel/pkg/model"
)

// A past, step-aligned minute, so both runtimes read identical, immutable data. The stack must
// hold two minutes of live history (scripts/stack wait-history, run by scripts/test-all).
func pastRange() (time.Time, time.Time) {
	end := time.Now().Add(-30 * time.Second).Truncate(15 * time.Second).UTC()
	return end.Add(-time.Minute), end
}

func TestIntegrationRiskQueryEqualsTheCLI(t *testing.T) {
	root := testenv.RepoRoot(t)
	testenv.Upstreams(t, func(t *testing.T, up testenv.Upstream) {
		from, to := pastRange()
		ds := newTestDatasource(t, up.URL, `{}`)
		resp, err := ds.QueryData(context.Background(), &backend.QueryDataRequest{Queries: []backend.DataQuery{{
			RefID: "R", QueryType: QueryTypeRisk, JSON: []byte(`{"hostSelector":"job=\"node\""}`),
			TimeRange: backend.TimeRange{From: from, To: to},
		}}})
		if err != nil {
			t.Fatal(err)
		}
		r := resp.Responses["R"]
		if r.Error != nil {
			t.Fatalf("risk query: %v", r.Error)
		}
		if len(r.Frames) != 1 || r.Frames[0].Fields[1].Labels["instance"] != "local" {
			t.Fatalf("want one frame for instance local, got %d frames", len(r.Frames))
		}
		field := r.Frames[0].Fields[1]
		backendRisk := make([]float64, field.Len())
		for i := range backendRisk {
			backendRisk[i], _ = field.FloatAt(i)
			if v := backendRisk[i]; math.IsNaN(v) || v < 0 || v > 1 {
				t.Fatalf("risk %v at step %d is not a probability", v, i)
			}
		}

		cmd := exec.Command(filepath.Join(root, "node_modules", ".bin", "tsx"), filepath.Join(root, "src", "cli", "sentinel.ts"), "score",
			"--prometheus", up.URL, "--selector", `job="node"`, "--start", from.Format(time.RFC3339), "--end", to.Format(time.RFC3339), "--json")
		cmd.Dir = root
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("sentinel score: %v", err)
		}
		var cli struct {
			TimestampsMs []int64 `json:"timestampsMs"`
			Hosts        []struct {
				Instance string    `json:"instance"`
				Risk     []float64 `json:"risk"`
			} `json:"hosts"`
		}
		if err := json.Unmarshal(out, &cli); err != nil {
			t.Fatalf("sentinel score output: %v", err)
		}
		if len(cli.Hosts) != 1 || len(cli.Hosts[0].Risk) != len(backendRisk) {
			t.Fatalf("CLI scored %d hosts × %d steps; backend 1 × %d", len(cli.Hosts), len(cli.TimestampsMs), len(backendRisk))
		}
		maxDiff := 0.0
		for i, v := range cli.Hosts[0].Risk {
			maxDiff = math.Max(maxDiff, math.Abs(v-backendRisk[i]))
		}
		t.Logf("%s: %d steps, max |backend − CLI| = %.2e", up.Name, len(backendRisk), maxDiff)
		if maxDiff > 1e-5 {
			t.Fatalf("backend and CLI risk differ by %.3g (limit 1e-5)", maxDiff)
		}
	})
}

func TestIntegrationRiskQueryRefusesABadSelectorAndAnUnknownOutput(t *testing.T) {
	testenv.Upstreams(t, func(t *testing.T, up testenv.Upstream) {
		from, to := pastRange()
		ds := newTestDatasource(t, up.URL, `{}`)
		resp, _ := ds.QueryData(context.Background(), &backend.QueryDataRequest{Queries: []backend.DataQuery{
			{RefID: "sel", QueryType: QueryTypeRisk, JSON: []byte(`{"hostSelector":"} or vector(1) or {"}`), TimeRange: backend.TimeRange{From: from, To: to}},
			{RefID: "out", QueryType: QueryTypeRisk, JSON: []byte(`{"output":"everything"}`), TimeRange: backend.TimeRange{From: from, To: to}},
		}})
		for _, ref := range []string{"sel", "out"} {
			if r := resp.Responses[ref]; r.Error == nil || r.Status != backend.StatusBadRequest {
				t.Fatalf("%s: status %d, error %v", ref, r.Status, r.Error)
			}
		}
	})
}

// GET /explain names the metrics behind a host's risk at one time, from live data.
func TestIntegrationExplainResource(t *testing.T) {
	testenv.Upstreams(t, func(t *testing.T, up testenv.Upstream) {
		ds := newTestDatasource(t, up.URL, `{}`)
		_, to := pastRange()
		resp := callResource(t, ds, fmt.Sprintf("/explain?host=local&time=%d", to.UnixMilli()))
		var got struct {
			Host          string             `json:"host"`
			Risk          float64            `json:"risk"`
			Components    map[string]float64 `json:"components"`
			Weights       map[string]float64 `json:"weights"`
			FailureHead   *bool              `json:"failureHead"`
			Contributions []struct {
				Feature string  `json:"feature"`
				Share   float64 `json:"share"`
			} `json:"contributions"`
		}
		if err := json.Unmarshal(resp.Body, &got); err != nil || resp.Status != 200 {
			t.Fatalf("status %d, %v: %s", resp.Status, err, resp.Body)
		}
		if got.Host != "local" || !(got.Risk >= 0 && got.Risk <= 1) || len(got.Components) != 4 {
			t.Fatalf("explain: %+v", got)
		}
		engine, _, err := ds.models.Engine("")
		if err != nil {
			t.Fatal(err)
		}
		if got.FailureHead == nil || *got.FailureHead != (engine.Meta.FailureHead != nil) {
			t.Fatalf("failureHead: %v, want %v", got.FailureHead, engine.Meta.FailureHead != nil)
		}
		for i, name := range model.ComponentNames {
			if w, ok := got.Weights[name]; !ok || w != engine.Meta.Calibration.Weights[i] {
				t.Fatalf("weight of %s: %v (present %v), want the model's %v", name, w, ok, engine.Meta.Calibration.Weights[i])
			}
		}
		total := 0.0
		for _, c := range got.Contributions {
			total += c.Share
		}
		if len(got.Contributions) > 0 && (total <= 0 || total > 1+1e-9) {
			t.Fatalf("contribution shares sum to %v: %+v", total, got.Contributions)
		}
		if r := callResource(t, ds, fmt.Sprintf("/explain?host=no-such-host&time=%d", to.UnixMilli())); r.Status != 404 {
			t.Fatalf("unknown host: status %d %s", r.Status, r.Body)
		}
	})
}
