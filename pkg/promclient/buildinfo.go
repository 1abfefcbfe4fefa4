package promclient

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
)

// BuildInfo says which server answers and its version, as far as the server tells.
type BuildInfo struct {
	// Product is e.g. "Prometheus" or "VictoriaMetrics"; empty when the server does not say.
	Product string
	// Version is empty when the server does not report one.
	Version   string
	Revision  string
	GoVersion string
}

func (b BuildInfo) String() string {
	product := b.Product
	if product == "" {
		product = "Prometheus-compatible server"
	}
	if b.Version == "" {
		return product + " (unknown version)"
	}
	return product + " " + b.Version
}

type wireBuildInfo struct {
	Application string `json:"application"`
	Version     string `json:"version"`
	Revision    string `json:"revision"`
	GoVersion   string `json:"goVersion"`
}

// BuildInfo asks /api/v1/status/buildinfo. Servers that answer it without a real version
// (VictoriaMetrics sends an empty object, or a made-up Prometheus version for Grafana's sake)
// or not at all are asked for their vm_app_version metric instead. Failing that, the version
// is reported as unknown rather than guessed; only a failure to talk to the server is an error.
func (c *Client) BuildInfo(ctx context.Context) (BuildInfo, error) {
	const op = "buildinfo"
	var info BuildInfo
	raw, err := c.get(ctx, op, "/api/v1/status/buildinfo", nil)
	switch {
	case err == nil:
		env, err := decodeEnvelope(op, raw)
		if err != nil {
			return BuildInfo{}, err
		}
		var w wireBuildInfo
		if err := json.Unmarshal(env.Data, &w); err != nil {
			return BuildInfo{}, badPayload(op, "the build info is malformed: "+err.Error(), err)
		}
		info = BuildInfo{Product: w.Application, Version: w.Version, Revision: w.Revision, GoVersion: w.GoVersion}
		// Prometheus, Thanos and Mimir always fill goVersion; its absence marks an imitation.
		if info.Version != "" && info.GoVersion != "" {
			if info.Product == "" {
				info.Product = "Prometheus"
			}
			return info, nil
		}
	case !notServed(err):
		return BuildInfo{}, err
	}
	if vm, ok := c.victoriaMetricsVersion(ctx); ok {
		return vm, nil
	}
	return BuildInfo{Version: info.Version}, nil
}

func notServed(err error) bool {
	var e *Error
	return errors.As(err, &e) && (e.Status == http.StatusNotFound || e.Status == http.StatusMethodNotAllowed)
}

// victoriaMetricsVersion reads vm_app_version{version="…", short_version="…"} from /metrics.
func (c *Client) victoriaMetricsVersion(ctx context.Context) (BuildInfo, bool) {
	raw, err := c.get(ctx, "metrics", "/metrics", nil)
	if err != nil {
		return BuildInfo{}, false
	}
	return parseVMAppVersion(raw)
}

func parseVMAppVersion(metrics []byte) (BuildInfo, bool) {
	sc := bufio.NewScanner(bytes.NewReader(metrics))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, "vm_app_version{") {
			continue
		}
		labels := parseLabelPairs(strings.TrimPrefix(line, "vm_app_version"))
		version := labels["short_version"]
		if version == "" {
			version = labels["version"]
		}
		return BuildInfo{Product: "VictoriaMetrics", Version: version}, true
	}
	return BuildInfo{}, false
}

// parseLabelPairs reads `{a="x", b="y"} …` as exposed by VictoriaMetrics; values there hold no
// escaped quotes, so a simple scan is enough.
func parseLabelPairs(s string) map[string]string {
	labels := map[string]string{}
	start, end := strings.IndexByte(s, '{'), strings.IndexByte(s, '}')
	if start < 0 || end < start {
		return labels
	}
	for _, pair := range strings.Split(s[start+1:end], ",") {
		name, value, ok := strings.Cut(strings.TrimSpace(pair), "=")
		if !ok {
			continue
		}
		labels[name] = strings.Trim(value, `"`)
	}
	return labels
}
