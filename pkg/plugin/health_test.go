package plugin

import (
	"context"
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/anomalysentinel/sentinel/pkg/internal/testenv"
)

// The healthy path runs against the real servers in health_integration_test.go.
func TestCheckHealthUnreachable(t *testing.T) {
	ds := newTestDatasource(t, testenv.ClosedPortURL(t), `{}`)
	res, err := ds.CheckHealth(context.Background(), &backend.CheckHealthRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != backend.HealthStatusError || !strings.Contains(res.Message, "connection refused") ||
		!strings.Contains(res.Message, "check the datasource URL") {
		t.Fatalf("got %+v", res)
	}
}
