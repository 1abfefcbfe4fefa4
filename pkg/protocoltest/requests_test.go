package protocoltest

import (
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/useragent"
	"github.com/grafana/grafana-plugin-sdk-go/config"

	"github.com/anomalysentinel/sentinel/pkg/plugin"
)

// grafanaVersion is what the requests claim to come from: the app's minimum Grafana version.
const grafanaVersion = "12.3.0"

var replayStart = time.Unix(1767225600, 0).UTC()

var datasourceIDs = struct {
	sync.Mutex
	byURL map[string]int64
}{byURL: map[string]int64{}}

// datasourceID gives each upstream URL its own datasource id, as Grafana would have one
// datasource per server: the SDK keeps one instance per datasource id and updated time.
func datasourceID(upstreamURL string) int64 {
	datasourceIDs.Lock()
	defer datasourceIDs.Unlock()
	if _, ok := datasourceIDs.byURL[upstreamURL]; !ok {
		datasourceIDs.byURL[upstreamURL] = int64(len(datasourceIDs.byURL) + 1)
	}
	return datasourceIDs.byURL[upstreamURL]
}

// pluginContext is what Grafana attaches to every call for a datasource instance.
func pluginContext(upstreamURL string) backend.PluginContext {
	id := datasourceID(upstreamURL)
	return backend.PluginContext{
		OrgID:         1,
		PluginID:      plugin.PluginID,
		PluginVersion: "0.1.0",
		User:          &backend.User{Login: "admin", Name: "admin", Role: "Admin"},
		DataSourceInstanceSettings: &backend.DataSourceInstanceSettings{
			ID: id, UID: fmt.Sprintf("sentinel-risk-%d", id), Type: plugin.PluginID, Name: fmt.Sprintf("Sentinel risk %d", id),
			URL:        upstreamURL,
			JSONData:   json.RawMessage(`{"authType":"none","timeoutSeconds":30,"maxSeries":1000,"maxPoints":11000}`),
			Updated:    time.Unix(1767225600, 0),
			APIVersion: "v0alpha1",
		},
		GrafanaConfig: config.NewGrafanaCfg(map[string]string{
			config.AppURL:               "http://localhost:3000/",
			config.ConcurrentQueryCount: "4",
		}),
		UserAgent: mustUserAgent(),
	}
}

func mustUserAgent() *useragent.UserAgent {
	ua, err := useragent.New(grafanaVersion, "linux", "amd64")
	if err != nil {
		panic(err)
	}
	return ua
}

// replayRequest asks for expr (refId A) over the replayed fixture's whole span at step 60s,
// plus a query with bad PromQL (refId B), in one request as a dashboard would.
func replayRequest(upstreamURL, expr string) *backend.QueryDataRequest {
	tr := backend.TimeRange{From: replayStart, To: replayStart.Add(59 * time.Minute)}
	quoted, _ := json.Marshal(expr)
	return &backend.QueryDataRequest{
		PluginContext: pluginContext(upstreamURL),
		Headers:       map[string]string{"http_X-Grafana-Org-Id": "1"},
		Queries: []backend.DataQuery{
			{RefID: "A", QueryType: "", MaxDataPoints: 1000, Interval: 60 * time.Second, TimeRange: tr,
				JSON: json.RawMessage(`{"refId":"A","datasource":{"type":"anomalysentinel-risk-datasource","uid":"sentinel-risk-1"},"expr":` +
					string(quoted) + `,"stepSeconds":60}`)},
			{RefID: "B", MaxDataPoints: 1000, Interval: 60 * time.Second, TimeRange: tr,
				JSON: json.RawMessage(`{"refId":"B","expr":"sum(rate(x[5m]"}`)},
		},
	}
}
