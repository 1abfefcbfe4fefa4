package protocoltest

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/anomalysentinel/sentinel/pkg/grafanahost"
	"github.com/anomalysentinel/sentinel/pkg/internal/testenv"
)

// launchExecutable starts SENTINEL_PLUGIN_BINARY the way Grafana's plugin manager does
// (see pkg/grafanahost) and stops it when the test ends.
func launchExecutable(t *testing.T) *grafanahost.Host {
	t.Helper()
	binary := testenv.Require(t, testenv.PluginBinaryVar)
	if !filepath.IsAbs(binary) {
		binary = filepath.Join(testenv.RepoRoot(t), binary)
	}
	if _, err := os.Stat(binary); err != nil {
		t.Fatalf("%s=%s: %v; build it with: go run github.com/magefile/mage@v1.17.2 -v build:linux", testenv.PluginBinaryVar, binary, err)
	}
	host, err := grafanahost.Launch(binary, "0.1.0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		host.Kill()
		if t.Failed() {
			t.Logf("plugin output:\n%s", host.Logs())
		}
	})
	return host
}

func TestIntegrationExecutableReplay(t *testing.T) {
	want, err := testenv.ReadReplayCSV(filepath.Join(testenv.RepoRoot(t), testenv.ReplaySmallCSV))
	if err != nil {
		t.Fatal(err)
	}
	l := launchExecutable(t)
	testenv.Upstreams(t, func(t *testing.T, up testenv.Upstream) {
		checkReplayOverProtocol(t, up, want, l.CheckHealth, l.QueryData)
	})
}

func TestIntegrationExecutableUpstreamDown(t *testing.T) {
	l := launchExecutable(t)
	url := testenv.ClosedPortURL(t)
	health, err := l.CheckHealth(context.Background(), &backend.CheckHealthRequest{PluginContext: pluginContext(url)})
	if err != nil {
		t.Fatal(err)
	}
	if health.Status != backend.HealthStatusError || !strings.Contains(health.Message, "connection refused") {
		t.Fatalf("health = %v %q", health.Status, health.Message)
	}
	resp, err := l.QueryData(context.Background(), replayRequest(url, "up"))
	if err != nil {
		t.Fatal(err)
	}
	if r := resp.Responses["A"]; r.Status != backend.StatusBadGateway || r.Error == nil {
		t.Fatalf("A: status %d, error %v", r.Status, r.Error)
	}
}

// A risk query through the built executable, as an alert rule would send it: one frame per
// host with probabilities, from the shipped model embedded in the executable.
func TestIntegrationExecutableRiskQuery(t *testing.T) {
	l := launchExecutable(t)
	testenv.Upstreams(t, func(t *testing.T, up testenv.Upstream) {
		end := time.Now().Add(-30 * time.Second).Truncate(15 * time.Second)
		req := &backend.QueryDataRequest{
			PluginContext: pluginContext(up.URL),
			Queries: []backend.DataQuery{{RefID: "R", QueryType: "risk", TimeRange: backend.TimeRange{From: end.Add(-time.Minute), To: end},
				JSON: json.RawMessage(`{"hostSelector":"job=\"node\""}`)}},
		}
		resp, err := l.QueryData(context.Background(), req)
		if err != nil {
			t.Fatal(err)
		}
		r := resp.Responses["R"]
		if r.Error != nil || len(r.Frames) != 1 {
			t.Fatalf("risk over gRPC: %d frames, error %v", len(r.Frames), r.Error)
		}
		risk := r.Frames[0].Fields[1]
		if risk.Labels["instance"] != "local" || risk.Len() != 5 {
			t.Fatalf("risk field %v with %d points", risk.Labels, risk.Len())
		}
		for i := 0; i < risk.Len(); i++ {
			if v, _ := risk.FloatAt(i); !(v >= 0 && v <= 1) {
				t.Fatalf("risk %v at %d is not a probability", v, i)
			}
		}
	})
}
