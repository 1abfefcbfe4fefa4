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
		if res.Status != backend.HealthStatusOk || !strings.HasPrefix(res.Message, want) ||
			!strings.HasSuffix(res.Message, "reachable at "+strings.TrimRight(up.URL, "/")) {
			t.Fatalf("got %v %q, want OK starting %q", res.Status, res.Message, want)
		}
	})
}
