package plugin

// Risk queries over a failure scenario replayed as node_exporter series (scripts/replay
// scenario): for every host, the backend's risk equals the TypeScript CLI's (`sentinel score`)
// for the same range from the same server, on Prometheus and on VictoriaMetrics.

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/anomalysentinel/sentinel/pkg/internal/scenarioreplay"
	"github.com/anomalysentinel/sentinel/pkg/internal/testenv"
)

// scenarioJSONVar names a scenario replay's JSON (scripts/replay scenario --out FILE) whose data
// the stack holds. scripts/test-all replays before the Go tests run and sets it, because a
// replay restarts Prometheus and other packages' integration tests run at the same time; without
// it the test replays the scenario itself, under hosts of its own (a replay replaces only the
// scenario with its host prefix), and removes them afterwards.
const scenarioJSONVar = "SENTINEL_SCENARIO_JSON"

func replayedScenario(t *testing.T, root string, upstreams ...string) scenarioreplay.Scenario {
	t.Helper()
	file := os.Getenv(scenarioJSONVar)
	if file == "" {
		file = filepath.Join(t.TempDir(), "scenario-replay.json")
		prefix := fmt.Sprintf("go%d-", os.Getpid())
		cmd := exec.Command(filepath.Join(root, "scripts", "replay"), "scenario", "--prefix", prefix, "--out", file)
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("scripts/replay scenario: %v\n%s", err, out)
		}
		t.Cleanup(func() {
			match := url.QueryEscape(fmt.Sprintf(`{job="sentinel-scenario",instance=~"%s.+"}`, prefix))
			for _, u := range upstreams {
				if resp, err := http.Post(u+"/api/v1/admin/tsdb/delete_series?match[]="+match, "", nil); err == nil {
					_ = resp.Body.Close()
				}
			}
		})
	}
	s, err := scenarioreplay.Load(file)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

type cliScore struct {
	TimestampsMs []int64 `json:"timestampsMs"`
	Hosts        []struct {
		Instance string    `json:"instance"`
		Risk     []float64 `json:"risk"`
	} `json:"hosts"`
}

func scoreWithCLI(t *testing.T, root, baseURL, selector string, from, to time.Time) cliScore {
	t.Helper()
	cmd := exec.Command(filepath.Join(root, "node_modules", ".bin", "tsx"), filepath.Join(root, "src", "cli", "sentinel.ts"), "score",
		"--prometheus", baseURL, "--selector", selector, "--start", from.Format(time.RFC3339), "--end", to.Format(time.RFC3339), "--json")
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		stderr := ""
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = string(ee.Stderr)
		}
		t.Fatalf("sentinel score: %v\n%s", err, stderr)
	}
	var cli cliScore
	if err := json.Unmarshal(out, &cli); err != nil {
		t.Fatalf("sentinel score output: %v", err)
	}
	return cli
}

func TestIntegrationRiskQueryOnReplayedScenarioEqualsTheCLI(t *testing.T) {
	root := testenv.RepoRoot(t)
	// Both servers must be there before replaying into them.
	scenario := replayedScenario(t, root, testenv.Require(t, testenv.PromURLVar), testenv.Require(t, testenv.VMURLVar))
	from, to := time.UnixMilli(scenario.FromMs).UTC(), time.UnixMilli(scenario.ToMs).UTC()

	testenv.Upstreams(t, func(t *testing.T, up testenv.Upstream) {
		ds := newTestDatasource(t, up.URL, `{}`)
		query, _ := json.Marshal(map[string]string{"hostSelector": scenario.Selector})
		resp, err := ds.QueryData(context.Background(), &backend.QueryDataRequest{Queries: []backend.DataQuery{{
			RefID: "R", QueryType: QueryTypeRisk, JSON: query, TimeRange: backend.TimeRange{From: from, To: to},
		}}})
		if err != nil {
			t.Fatal(err)
		}
		r := resp.Responses["R"]
		if r.Error != nil {
			t.Fatalf("risk query: %v", r.Error)
		}
		type hostRisk struct {
			times []time.Time
			risk  []float64
		}
		backendRisk := map[string]hostRisk{}
		for _, frame := range r.Frames {
			if len(frame.Fields) < 2 {
				t.Fatalf("frame %q has %d fields, want time and risk", frame.Name, len(frame.Fields))
			}
			instance := frame.Fields[1].Labels["instance"]
			h := hostRisk{}
			for i := 0; i < frame.Fields[1].Len(); i++ {
				ts, ok := frame.Fields[0].At(i).(time.Time)
				if !ok {
					t.Fatalf("%s: field 0 is not time", instance)
				}
				v, err := frame.Fields[1].FloatAt(i)
				if err != nil || math.IsNaN(v) || v < 0 || v > 1 {
					t.Fatalf("%s: risk %v (%v) at step %d is not a probability", instance, v, err, i)
				}
				h.times = append(h.times, ts)
				h.risk = append(h.risk, v)
			}
			backendRisk[instance] = h
		}
		if len(backendRisk) != len(scenario.Hosts) {
			t.Fatalf("backend returned %d hosts, the scenario has %d (%v)", len(backendRisk), len(scenario.Hosts), scenario.Hosts)
		}

		cli := scoreWithCLI(t, root, up.URL, scenario.Selector, from, to)
		if len(cli.Hosts) != len(scenario.Hosts) {
			t.Fatalf("CLI scored %d hosts, the scenario has %d", len(cli.Hosts), len(scenario.Hosts))
		}
		worst := 0.0
		for _, host := range cli.Hosts {
			b, ok := backendRisk[host.Instance]
			if !ok {
				t.Fatalf("backend has no frame for %s", host.Instance)
			}
			if len(b.risk) != len(host.Risk) {
				t.Fatalf("%s: backend %d steps, CLI %d", host.Instance, len(b.risk), len(host.Risk))
			}
			maxDiff, peak := 0.0, 0.0
			for i, v := range host.Risk {
				if b.times[i].UnixMilli() != cli.TimestampsMs[i] {
					t.Fatalf("%s step %d: backend at %s, CLI at %d ms", host.Instance, i, b.times[i], cli.TimestampsMs[i])
				}
				maxDiff = math.Max(maxDiff, math.Abs(v-b.risk[i]))
				peak = math.Max(peak, b.risk[i])
			}
			worst = math.Max(worst, maxDiff)
			t.Logf("%s %s: %d steps, peak risk %.4f, max |backend − CLI| = %.2e", up.Name, host.Instance, len(b.risk), peak, maxDiff)
			if maxDiff > 1e-5 {
				t.Errorf("%s: backend and CLI risk differ by %.3g (limit 1e-5)", host.Instance, maxDiff)
			}
		}
		for _, f := range scenario.Failures {
			b := backendRisk[f.Instance]
			peak := 0.0
			for i, ts := range b.times {
				if ts.UnixMilli() < f.FailureMs && ts.UnixMilli() >= f.FailureMs-30*60*1000 {
					peak = math.Max(peak, b.risk[i])
				}
			}
			t.Logf("%s: %s %s at %s: backend peak risk %.4f in the 30 min before", up.Name, f.Instance, f.Kind, time.UnixMilli(f.FailureMs).UTC().Format(time.RFC3339), peak)
		}
		t.Logf("%s: %d hosts, max |backend − CLI| = %.2e", up.Name, len(cli.Hosts), worst)
	})
}
