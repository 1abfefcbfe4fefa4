package protocoltest

import (
	"context"
	"net"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/experimental/datasourcetest"

	"github.com/anomalysentinel/sentinel/pkg/internal/testenv"
	"github.com/anomalysentinel/sentinel/pkg/plugin"
)

var inProcess struct {
	once   sync.Once
	client *datasourcetest.TestPluginClient
	err    error
}

// startInProcess serves the datasource over gRPC on loopback with the SDK's own server setup
// (its middlewares included), and returns a gRPC client for it. The SDK registers process-wide
// metrics when it serves, so there is one server for the whole test binary; Grafana, too,
// keeps one plugin process for every datasource instance.
func startInProcess(t *testing.T) *datasourcetest.TestPluginClient {
	t.Helper()
	inProcess.once.Do(func() {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			inProcess.err = err
			return
		}
		addr := l.Addr().String()
		_ = l.Close()
		tp, err := datasourcetest.Manage(plugin.NewDatasource, datasourcetest.ManageOpts{Address: addr})
		inProcess.client, inProcess.err = tp.Client, err
	})
	if inProcess.err != nil {
		t.Fatalf("start the in-process plugin server: %v", inProcess.err)
	}
	return inProcess.client
}

// Needs no servers: the upstream is a closed port, and errors must cross gRPC intact.
func TestInProcessUpstreamDown(t *testing.T) {
	client := startInProcess(t)
	ctx := context.Background()
	url := testenv.ClosedPortURL(t)

	health, err := client.CheckHealth(ctx, &backend.CheckHealthRequest{PluginContext: pluginContext(url)})
	if err != nil {
		t.Fatal(err)
	}
	if health.Status != backend.HealthStatusError || !strings.Contains(health.Message, "connection refused") {
		t.Fatalf("health = %v %q", health.Status, health.Message)
	}

	resp, err := client.QueryData(ctx, replayRequest(url, "up"))
	if err != nil {
		t.Fatal(err)
	}
	if r := resp.Responses["A"]; r.Status != backend.StatusBadGateway || r.Error == nil ||
		!strings.Contains(r.Error.Error(), "check the datasource URL") {
		t.Fatalf("A: status %d, error %v", r.Status, r.Error)
	}
}

// A settings problem reaches "Save & test" as an error result carrying our message; a query
// fails as a whole request, which Grafana shows on the panel.
func TestInProcessBadSettings(t *testing.T) {
	client := startInProcess(t)
	pc := pluginContext("localhost:9090")
	health, err := client.CheckHealth(context.Background(), &backend.CheckHealthRequest{PluginContext: pc})
	if err != nil {
		t.Fatal(err)
	}
	if health.Status != backend.HealthStatusError || !strings.Contains(health.Message, "http:// or https://") {
		t.Fatalf("health = %v %q", health.Status, health.Message)
	}
	_, err = client.QueryData(context.Background(), replayRequest("localhost:9090", "up"))
	if err == nil || !strings.Contains(err.Error(), "http:// or https://") {
		t.Fatalf("QueryData error = %v", err)
	}
}

func TestIntegrationInProcessReplay(t *testing.T) {
	want, err := testenv.ReadReplayCSV(filepath.Join(testenv.RepoRoot(t), testenv.ReplaySmallCSV))
	if err != nil {
		t.Fatal(err)
	}
	client := startInProcess(t)
	testenv.Upstreams(t, func(t *testing.T, up testenv.Upstream) {
		checkReplayOverProtocol(t, up, want, client.CheckHealth, client.QueryData)
	})
}

type checkHealthFunc func(context.Context, *backend.CheckHealthRequest) (*backend.CheckHealthResult, error)
type queryDataFunc func(context.Context, *backend.QueryDataRequest) (*backend.QueryDataResponse, error)

// checkReplayOverProtocol is the assertion both the in-process and the executable tests make.
func checkReplayOverProtocol(t *testing.T, up testenv.Upstream, want testenv.ReplayData, health checkHealthFunc, query queryDataFunc) {
	t.Helper()
	ctx := context.Background()
	h, err := health(ctx, &backend.CheckHealthRequest{PluginContext: pluginContext(up.URL)})
	if err != nil {
		t.Fatal(err)
	}
	product := map[string]string{"prometheus": "Prometheus 2.", "victoriametrics": "VictoriaMetrics"}[up.Name]
	if h.Status != backend.HealthStatusOk || !strings.HasPrefix(h.Message, product) {
		t.Fatalf("health = %v %q, want OK from %s", h.Status, h.Message, product)
	}
	t.Logf("%s health: %s", up.Name, h.Message)

	resp, err := query(ctx, replayRequest(up.URL, want.Selector("node_load1")))
	if err != nil {
		t.Fatal(err)
	}
	a := resp.Responses["A"]
	if a.Error != nil {
		t.Fatalf("A: %v", a.Error)
	}
	if err := testenv.CheckReplayFrames(a.Frames, want["node_load1"]); err != nil {
		t.Fatalf("A: %v", err)
	}
	if b := resp.Responses["B"]; b.Status != backend.StatusBadRequest || b.Error == nil {
		t.Fatalf("B (bad PromQL): status %d, error %v", b.Status, b.Error)
	}
}
