// Package grafanahost launches the built backend executable the way Grafana's plugin manager
// does — the SDK's go-plugin handshake, gRPC only, a clean environment holding only what Grafana
// passes — and calls it over gRPC. The protocol tests and the demo use it; the plugin does not.
package grafanahost

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os/exec"
	"sync"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/grpcplugin"
	"github.com/grafana/grafana-plugin-sdk-go/backend/useragent"
	"github.com/grafana/grafana-plugin-sdk-go/config"
	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"
	"github.com/hashicorp/go-hclog"
	goplugin "github.com/hashicorp/go-plugin"
)

// GrafanaVersion is what the host claims to be: the app's minimum Grafana version.
const GrafanaVersion = "12.3.0"

// Host is one running plugin executable.
type Host struct {
	client      *goplugin.Client
	diagnostics grpcplugin.DiagnosticsClient
	data        grpcplugin.DataClient
	resource    grpcplugin.ResourceClient
	logs        *LockedBuffer
}

// Launch starts binary under go-plugin and dispenses its gRPC services.
func Launch(binary, pluginVersion string) (*Host, error) {
	cmd := exec.Command(binary)
	cmd.Env = []string{
		"GF_VERSION=" + GrafanaVersion,
		"GF_EDITION=Open Source",
		"GF_PLUGIN_VERSION=" + pluginVersion,
	}
	logs := &LockedBuffer{}
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
	rpc, err := client.Client()
	if err != nil {
		client.Kill()
		return nil, fmt.Errorf("start %s under go-plugin: %w\n%s", binary, err, logs.String())
	}
	if v := client.NegotiatedVersion(); v != grpcplugin.ProtocolVersion {
		client.Kill()
		return nil, fmt.Errorf("negotiated protocol version %d, want %d", v, grpcplugin.ProtocolVersion)
	}
	h := &Host{client: client, logs: logs}
	for name, dst := range map[string]any{"diagnostics": &h.diagnostics, "data": &h.data, "resource": &h.resource} {
		raw, err := rpc.Dispense(name)
		if err != nil {
			client.Kill()
			return nil, fmt.Errorf("dispense %s: %w", name, err)
		}
		switch d := dst.(type) {
		case *grpcplugin.DiagnosticsClient:
			*d = raw.(grpcplugin.DiagnosticsClient)
		case *grpcplugin.DataClient:
			*d = raw.(grpcplugin.DataClient)
		case *grpcplugin.ResourceClient:
			*d = raw.(grpcplugin.ResourceClient)
		}
	}
	return h, nil
}

// Kill stops the executable.
func (h *Host) Kill() { h.client.Kill() }

// Logs is what the executable logged so far.
func (h *Host) Logs() string { return h.logs.String() }

// CheckHealth calls the plugin's CheckHealth over gRPC.
func (h *Host) CheckHealth(ctx context.Context, req *backend.CheckHealthRequest) (*backend.CheckHealthResult, error) {
	resp, err := h.diagnostics.CheckHealth(ctx, &pluginv2.CheckHealthRequest{
		PluginContext: backend.ToProto().PluginContext(req.PluginContext),
		Headers:       req.Headers,
	})
	if err != nil {
		return nil, err
	}
	return backend.FromProto().CheckHealthResponse(resp), nil
}

// QueryData calls the plugin's QueryData over gRPC.
func (h *Host) QueryData(ctx context.Context, req *backend.QueryDataRequest) (*backend.QueryDataResponse, error) {
	resp, err := h.data.QueryData(ctx, backend.ToProto().QueryDataRequest(req))
	if err != nil {
		return nil, err
	}
	return backend.FromProto().QueryDataResponse(resp)
}

// LockedBuffer collects the plugin's log lines, which go-plugin writes from its own goroutines.
type LockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

var _ io.Writer = (*LockedBuffer)(nil)

func (b *LockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *LockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// DatasourceContext is what Grafana attaches to every call for one datasource instance of the
// plugin: org, user, the instance settings (upstream URL and jsonData) and Grafana's config.
func DatasourceContext(pluginID string, id int64, upstreamURL string, jsonData []byte) backend.PluginContext {
	ua, err := useragent.New(GrafanaVersion, "linux", "amd64")
	if err != nil {
		panic(err) // a constant version string: cannot fail
	}
	return backend.PluginContext{
		OrgID:         1,
		PluginID:      pluginID,
		PluginVersion: "0.1.0",
		User:          &backend.User{Login: "admin", Name: "admin", Role: "Admin"},
		DataSourceInstanceSettings: &backend.DataSourceInstanceSettings{
			ID: id, UID: fmt.Sprintf("sentinel-risk-%d", id), Type: pluginID, Name: fmt.Sprintf("Sentinel risk %d", id),
			URL:        upstreamURL,
			JSONData:   jsonData,
			Updated:    time.Unix(1767225600, 0),
			APIVersion: "v0alpha1",
		},
		GrafanaConfig: config.NewGrafanaCfg(map[string]string{
			config.AppURL:               "http://localhost:3000/",
			config.ConcurrentQueryCount: "4",
		}),
		UserAgent: ua,
	}
}
