package plugin

import (
	"context"
	"errors"
	"fmt"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/anomalysentinel/sentinel/pkg/fleet"
	"github.com/anomalysentinel/sentinel/pkg/model"
)

// riskQuery computes risk for the selected hosts with the active (or asked-for) model, through
// the fleet fetcher (discovery, shards, bounded concurrency, time budget), and answers in the
// query's output shape. What the fetcher could not do for some hosts (a failed feature, the
// budget) travels as frame notices; with nothing scored the query fails with a typed error.
func (d *Datasource) riskQuery(ctx context.Context, q backend.DataQuery) backend.DataResponse {
	rq, err := parseRiskQuery(q.RefID, q.JSON)
	if err != nil {
		return badRequest(err)
	}
	engine, artifact, err := d.models.Engine(rq.ModelVersion)
	if err != nil {
		return badRequest(fmt.Errorf("query %s: %w", q.RefID, err))
	}
	if err := rq.checkModel(q.RefID, engine.Meta); err != nil {
		return badRequest(err)
	}
	specs, err := d.settings.featureSpecs(engine.Meta)
	if err != nil {
		return badRequest(fmt.Errorf("query %s: %w", q.RefID, err))
	}
	rule := rq.alertingRule(engine.Meta)
	res, err := d.fleet.Score(ctx, fleet.Request{
		Engine: engine, Features: specs, Selector: rq.HostSelector,
		FromMs: q.TimeRange.From.UnixMilli(), ToMs: q.TimeRange.To.UnixMilli(),
		Options: model.ScoreOptions{
			Alerting: &rule, FeatureShares: rq.Output == OutputContributions || rq.Output == OutputTopFeatures,
			// Only the components output shows the parts risk does not read.
			SkipUnusedParts: rq.Output != OutputComponents,
		},
	})
	if err != nil {
		return riskErrorResponse(q.RefID, err)
	}
	meta := riskFrameMeta(artifact, rule, notices(res.Warnings))
	result := res.Risk
	var frames data.Frames
	switch rq.Output {
	case OutputComponents:
		frames = riskFrames(result, true, meta)
	case OutputContributions:
		frames = contributionFrames(result, specs, rq.Top, meta)
	case OutputTopFeatures:
		frames = topFeatureFrames(result, specs, rq.Top, meta)
	case OutputEvents:
		frames = data.Frames{eventFrame(result, rule, engine.StepMs(), meta)}
	default:
		frames = riskFrames(result, false, meta)
	}
	return backend.DataResponse{Frames: frames}
}

func notices(warnings []string) []data.Notice {
	var out []data.Notice
	for _, w := range warnings {
		out = append(out, data.Notice{Severity: data.NoticeSeverityWarning, Text: w})
	}
	return out
}

// badRequest answers a query the user must fix.
func badRequest(err error) backend.DataResponse {
	return backend.ErrDataResponseWithSource(backend.StatusBadRequest, backend.ErrorSourceDownstream, err.Error())
}

// riskErrorResponse maps the fleet's typed errors to statuses; upstream errors keep the
// promclient mapping (errorResponse).
func riskErrorResponse(refID string, err error) backend.DataResponse {
	var fe *fleet.Error
	if !errors.As(err, &fe) {
		return errorResponse(err)
	}
	msg := fmt.Sprintf("query %s: %s", refID, fe.Message)
	switch fe.Kind {
	case fleet.KindBudgetExceeded:
		return backend.ErrDataResponseWithSource(backend.StatusTimeout, backend.ErrorSourceDownstream, msg)
	default: // KindBadQuery, KindTooManyHosts: the query (or its selector) must change
		return backend.ErrDataResponseWithSource(backend.StatusBadRequest, backend.ErrorSourceDownstream, msg)
	}
}
