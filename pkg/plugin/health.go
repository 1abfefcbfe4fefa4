package plugin

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/anomalysentinel/sentinel/pkg/model"
)

// healthExpr is evaluated by the health check: it needs no data, so it proves the query
// engine answers without depending on what is stored.
const healthExpr = "1+1"

// featureLookback is how far back the health check looks for each feature's data, at
// featureLookbackStep. One instant would call a feature missing after a scrape gap or an
// exporter restart a few minutes ago; an hour still says so when an exporter has been gone
// for long. Counting the series keeps the answer one series however large the fleet.
const (
	featureLookback     = time.Hour
	featureLookbackStep = time.Minute
)

// CheckHealth is what "Save & test" on the config page calls: it asks the upstream who it is,
// runs a trivial query, checks the model is loaded and which of its features have data, and
// reports the first failure with the client's advice.
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
	engine, artifact, err := d.models.Engine("")
	if err != nil {
		return healthError(err), nil
	}
	missing, err := d.featuresWithoutData(ctx, engine)
	if err != nil {
		return healthError(err), nil
	}
	message := fmt.Sprintf("%s reachable at %s; model %s (%.12s) loaded", info, d.client.URL(), artifact.Meta.Version, artifact.ContentHash)
	if len(missing) == 0 {
		message += fmt.Sprintf("; all %d features have data", len(engine.Meta.Features))
	} else {
		// Not an error: risk is still computed, with these features counted as missing.
		message += fmt.Sprintf("; no data in the last hour for feature(s) %s — check the exporters or the metric mapping (risk treats them as missing)", strings.Join(missing, ", "))
	}
	return &backend.CheckHealthResult{Status: backend.HealthStatusOk, Message: message}, nil
}

// featuresWithoutData runs each feature's PromQL for all hosts over the last featureLookback
// and lists the features that returned no point in it.
func (d *Datasource) featuresWithoutData(ctx context.Context, engine *model.Engine) ([]string, error) {
	specs, err := d.settings.featureSpecs(engine.Meta)
	if err != nil {
		return nil, err
	}
	var missing []string
	for _, spec := range specs {
		expr, err := model.RenderFeatureQuery(spec, defaultHostSelector, engine.Meta.RateWindow)
		if err != nil {
			return nil, err
		}
		end := time.Now()
		res, err := d.client.QueryRange(ctx, "count("+expr+")", end.Add(-featureLookback), end, featureLookbackStep)
		if err != nil {
			return nil, fmt.Errorf("feature %q: %w", spec.Name, err)
		}
		if len(res.Series) == 0 {
			missing = append(missing, spec.Name)
		}
	}
	return missing, nil
}

func healthError(err error) *backend.CheckHealthResult {
	return &backend.CheckHealthResult{Status: backend.HealthStatusError, Message: err.Error()}
}
