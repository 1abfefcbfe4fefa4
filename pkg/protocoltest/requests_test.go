package protocoltest

import (
	"encoding/json"
	"sync"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/anomalysentinel/sentinel/pkg/grafanahost"
	"github.com/anomalysentinel/sentinel/pkg/plugin"
)

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

// pluginContext is what Grafana attaches to every call for the upstream's datasource instance.
func pluginContext(upstreamURL string) backend.PluginContext {
	return grafanahost.DatasourceContext(plugin.PluginID, datasourceID(upstreamURL), upstreamURL,
		json.RawMessage(`{"authType":"none","timeoutSeconds":30,"maxSeries":1000,"maxPoints":11000}`))
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
