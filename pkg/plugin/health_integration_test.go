package plugin

import (
	"context"
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/anomalysentinel/sentinel/pkg/internal/testenv"
)

func TestIntegrationCheckHealth(t *testing.T) {
	testenv.Upstreams(t, func(t *testing.T, up testenv.Upstream) {
		ds := newTestDatasource(t, up.URL, `{}`)
		res, err := ds.CheckHealth(context.Background(), &backend.CheckHealthRequest{})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %s", up.Name, res.Message)
		want := map[string]string{"prometheus": "Prometheus 2.", "victoriametrics": "VictoriaMetrics"}[up.Name]
		// The stack's node_exporter serves every default feature, and the shipped model is embedded.
		if res.Status != backend.HealthStatusOk || !strings.HasPrefix(res.Message, want) ||
			!strings.Contains(res.Message, "reachable at "+strings.TrimRight(up.URL, "/")+"; model default-") ||
			!strings.HasSuffix(res.Message, "loaded; all 14 features have data") {
			t.Fatalf("got %v %q, want OK starting %q", res.Status, res.Message, want)
		}
	})
}
