package plugin

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

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

// A feature whose data stopped a moment ago still has data (a scrape gap or an exporter restart
// is not "missing"); one whose data stopped before the last hour is named. The overrides read
// real node_exporter series and cut them off at a time with PromQL's time(), so no data has to
// be written into the past.
func TestIntegrationCheckHealthLooksBackAnHour(t *testing.T) {
	testenv.Upstreams(t, func(t *testing.T, up testenv.Upstream) {
		ds := newTestDatasource(t, up.URL, `{}`)
		// The range's points are a minute apart, ending now: the one a minute ago must have data.
		waitForScrapeAgo(t, ds, 75*time.Second)
		now := time.Now()
		until := func(ago time.Duration) string {
			return fmt.Sprintf(`node_filefd_allocated{$selector} / node_filefd_maximum{$selector} and on () (vector(time()) < %d)`, now.Add(-ago).Unix())
		}
		settings, err := json.Marshal(map[string]any{"featureQueries": map[string]string{
			"fd_used":   until(30 * time.Second),
			"swap_used": until(2 * time.Hour),
		}})
		if err != nil {
			t.Fatal(err)
		}
		ds = newTestDatasource(t, up.URL, string(settings))
		res, err := ds.CheckHealth(context.Background(), &backend.CheckHealthRequest{})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %s", up.Name, res.Message)
		if res.Status != backend.HealthStatusOk ||
			!strings.Contains(res.Message, "; no data in the last hour for feature(s) swap_used — ") {
			t.Fatalf("got %v %q, want OK naming swap_used only", res.Status, res.Message)
		}
	})
}

// waitForScrapeAgo waits (up to two minutes, for a stack started just now) until the upstream
// holds node_exporter data from `ago` before now.
func waitForScrapeAgo(t *testing.T, ds *Datasource, ago time.Duration) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for {
		at := time.Now().Add(-ago)
		res, err := ds.client.Query(context.Background(), "node_filefd_allocated", at)
		if err == nil && len(res.Series) > 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("no node_exporter data at %s after two minutes (err %v)", at.Format(time.RFC3339), err)
		}
		time.Sleep(5 * time.Second)
	}
}
