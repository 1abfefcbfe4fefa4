package plugin

import (
	"context"
	"fmt"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// healthExpr is evaluated by the health check: it needs no data, so it proves the query
// engine answers without depending on what is stored.
const healthExpr = "1+1"

// CheckHealth is what "Save & test" on the config page calls: it asks the upstream who it is,
// then runs a trivial query, and reports the first failure with the client's advice.
func (d *Datasource) CheckHealth(ctx context.Context, _ *backend.CheckHealthRequest) (*backend.CheckHealthResult, error) {
	info, err := d.client.BuildInfo(ctx)
	if err != nil {
		return healthError(err), nil
	}
	res, err := d.client.Query(ctx, healthExpr, time.Now())
	if err != nil {
		return healthError(err), nil
	}
	if len(res.Series) != 1 || len(res.Series[0].Samples) != 1 || res.Series[0].Samples[0].V != 2 {
		return &backend.CheckHealthResult{
			Status:  backend.HealthStatusError,
			Message: fmt.Sprintf("%s at %s answered %q with something other than 2; check that the URL points at a Prometheus-compatible API", info, d.client.URL(), healthExpr),
		}, nil
	}
	return &backend.CheckHealthResult{
		Status:  backend.HealthStatusOk,
		Message: fmt.Sprintf("%s reachable at %s", info, d.client.URL()),
	}, nil
}

func healthError(err error) *backend.CheckHealthResult {
	return &backend.CheckHealthResult{Status: backend.HealthStatusError, Message: err.Error()}
}
