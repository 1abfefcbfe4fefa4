package protocoltest

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/grpcplugin"
	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"
	"github.com/hashicorp/go-hclog"
	goplugin "github.com/hashicorp/go-plugin"

	"github.com/anomalysentinel/sentinel/pkg/internal/testenv"
)

// launched is the built executable running under go-plugin, as Grafana runs a backend plugin.
type launched struct {
	client      *goplugin.Client
	diagnostics grpcplugin.DiagnosticsClient
	data        grpcplugin.DataClient
}

// launchExecutable starts SENTINEL_PLUGIN_BINARY the way Grafana's plugin manager does
// (pkg/plugins/backendplugin/grpcplugin in Grafana): the SDK's handshake, gRPC only, the
// SDK's plugin set, and a clean environment holding only what Grafana passes.
func launchExecutable(t *testing.T) *launched {
	t.Helper()
	binary := testenv.Require(t, testenv.PluginBinaryVar)
	if !filepath.IsAbs(binary) {
		binary = filepath.Join(testenv.RepoRoot(t), binary)
	}
	if _, err := os.Stat(binary); err != nil {
		t.Fatalf("%s=%s: %v; build it with: go run github.com/magefile/mage@v1.17.2 -v build:linux", testenv.PluginBinaryVar, binary, err)
	}

	cmd := exec.Command(binary)
	cmd.Env = []string{
		"GF_VERSION=" + grafanaVersion,
		"GF_EDITION=Open Source",
		"GF_PLUGIN_VERSION=0.1.0",
	}
	logs := &lockedBuffer{}
	client := goplugin.NewClient(&goplugin.ClientConfig{
		Cmd: cmd,
		HandshakeConfig: goplugin.HandshakeConfig{
			ProtocolVersion:  grpcplugin.ProtocolVersion,
			MagicCookieKey:   grpcplugin.MagicCookieKey,
			MagicCookieValue: grpcplugin.MagicCookieValue,
		},
		VersionedPlugins: map[int]goplugin.PluginSet{
			grpcplugin.ProtocolVersion: {
				"diagnostics": &grpcplugin.DiagnosticsGRPCPlugin{},
				"resource":    &grpcplugin.ResourceGRPCPlugin{},
				"data":        &grpcplugin.DataGRPCPlugin{},
				"stream":      &grpcplugin.StreamGRPCPlugin{},
			},
		},
		AllowedProtocols: []goplugin.Protocol{goplugin.ProtocolGRPC},
		SkipHostEnv:      true,
		StartTimeout:     20 * time.Second,
		Logger:           hclog.New(&hclog.LoggerOptions{Name: "plugin", Output: logs, Level: hclog.Info}),
	})
	t.Cleanup(func() {
		client.Kill()
		if t.Failed() {
			t.Logf("plugin output:\n%s", logs.String())
		}
	})

	rpc, err := client.Client()
	if err != nil {
		t.Fatalf("start %s under go-plugin: %v\n%s", binary, err, logs.String())
	}
	if v := client.NegotiatedVersion(); v != grpcplugin.ProtocolVersion {
		t.Fatalf("negotiated protocol version %d, want %d", v, grpcplugin.ProtocolVersion)
	}
	l := &launched{client: client}
	for name, dst := range map[string]any{"diagnostics": &l.diagnostics, "data": &l.data} {
		raw, err := rpc.Dispense(name)
		if err != nil {
			t.Fatalf("dispense %s: %v", name, err)
		}
		switch d := dst.(type) {
		case *grpcplugin.DiagnosticsClient:
			*d = raw.(grpcplugin.DiagnosticsClient)
		case *grpcplugin.DataClient:
			*d = raw.(grpcplugin.DataClient)
		}
	}
	return l
}

func (l *launched) checkHealth(ctx context.Context, req *backend.CheckHealthRequest) (*backend.CheckHealthResult, error) {
	resp, err := l.diagnostics.CheckHealth(ctx, &pluginv2.CheckHealthRequest{
		PluginContext: backend.ToProto().PluginContext(req.PluginContext),
		Headers:       req.Headers,
	})
	if err != nil {
		return nil, err
	}
	return backend.FromProto().CheckHealthResponse(resp), nil
}

func (l *launched) queryData(ctx context.Context, req *backend.QueryDataRequest) (*backend.QueryDataResponse, error) {
	resp, err := l.data.QueryData(ctx, backend.ToProto().QueryDataRequest(req))
	if err != nil {
		return nil, err
	}
	return backend.FromProto().QueryDataResponse(resp)
}

func TestIntegrationExecutableReplay(t *testing.T) {
	want, err := testenv.ReadReplayCSV(filepath.Join(testenv.RepoRoot(t), testenv.ReplaySmallCSV))
	if err != nil {
		t.Fatal(err)
	}
	l := launchExecutable(t)
	testenv.Upstreams(t, func(t *testing.T, up testenv.Upstream) {
		checkReplayOverProtocol(t, up, want, l.checkHealth, l.queryData)
	})
}

func TestIntegrationExecutableUpstreamDown(t *testing.T) {
	l := launchExecutable(t)
	url := closedPortURL(t)
	health, err := l.checkHealth(context.Background(), &backend.CheckHealthRequest{PluginContext: pluginContext(url)})
	if err != nil {
		t.Fatal(err)
	}
	if health.Status != backend.HealthStatusError || !strings.Contains(health.Message, "connection refused") {
		t.Fatalf("health = %v %q", health.Status, health.Message)
	}
	resp, err := l.queryData(context.Background(), replayRequest(url, "up"))
	if err != nil {
		t.Fatal(err)
	}
	if r := resp.Responses["A"]; r.Status != backend.StatusBadGateway || r.Error == nil {
		t.Fatalf("A: status %d, error %v", r.Status, r.Error)
	}
}

// lockedBuffer collects the plugin's log lines, which go-plugin writes from its own goroutines.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
