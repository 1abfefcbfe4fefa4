package plugin

import (
	"context"
	"fmt"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/anomalysentinel/sentinel/pkg/model"
)

// riskQuery fetches the model's features for the selected hosts (from the warm-up before the
// range), computes risk with the active (or asked-for) model and answers in the query's output
// shape. A feature that fails upstream leaves that feature missing with a notice; if all fail,
// the query fails with the upstream's typed error.
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
	fromMs, toMs := q.TimeRange.From.UnixMilli(), q.TimeRange.To.UnixMilli()
	hosts, _, notices, ferr := d.fetchHosts(ctx, engine, specs, rq.HostSelector, fromMs, toMs)
	if ferr != nil {
		return ferr.response(q.RefID)
	}
	rule := rq.alertingRule(engine.Meta)
	opts := model.ScoreOptions{Alerting: &rule, FeatureShares: rq.Output == OutputContributions || rq.Output == OutputTopFeatures}
	result, err := engine.ScoreWith(ctx, hosts, fromMs, toMs, opts)
	if err != nil {
		return errorResponse(err)
	}
	meta := riskFrameMeta(artifact, rule, notices)
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

// badRequest answers a query the user must fix.
func badRequest(err error) backend.DataResponse {
	return backend.ErrDataResponseWithSource(backend.StatusBadRequest, backend.ErrorSourceDownstream, err.Error())
}

// fetchError says how a failed fetch should be answered: the query's fault (bad request) or
// the upstream's (its typed promclient error).
type fetchError struct {
	badRequest bool
	err        error
}

func (e *fetchError) Error() string { return e.err.Error() }

func (e *fetchError) response(refID string) backend.DataResponse {
	if e.badRequest {
		return badRequest(fmt.Errorf("query %s: %w", refID, e.err))
	}
	return errorResponse(e.err)
}

// fetchHosts reads every feature (specs, the model's with the datasource's overrides) for the
// selected hosts over the chunk plan of [fromMs, toMs] (one query_range per feature, from the
// warm-up) and aligns them on the model's grid. A feature that fails upstream counts as
// missing, with a notice; if all fail, the last upstream error is returned.
func (d *Datasource) fetchHosts(ctx context.Context, engine *model.Engine, specs []model.FeatureSpec, selector string, fromMs, toMs int64) ([]model.HostFeatures, model.ChunkPlan, []data.Notice, *fetchError) {
	meta := engine.Meta
	plan, err := engine.Plan(fromMs, toMs)
	if err != nil {
		return nil, plan, nil, &fetchError{true, err}
	}
	step := time.Duration(engine.StepMs()) * time.Millisecond
	names := make([]string, len(specs))
	var series []model.FeatureSeries
	var notices []data.Notice
	var lastErr error
	for i, spec := range specs {
		names[i] = spec.Name
		expr, err := model.RenderFeatureQuery(spec, selector, meta.RateWindow)
		if err != nil {
			return nil, plan, nil, &fetchError{true, err}
		}
		res, err := d.client.QueryRange(ctx, expr, time.UnixMilli(plan.FetchStartMs), time.UnixMilli(plan.LastScoredMs), step)
		if err != nil {
			lastErr = err
			notices = append(notices, data.Notice{Severity: data.NoticeSeverityWarning, Text: fmt.Sprintf("feature %q: %v; it counts as missing", spec.Name, err)})
			continue
		}
		seen := map[string]bool{}
		for _, s := range res.Series {
			instance, ok := s.Labels["instance"]
			if !ok || seen[instance] {
				return nil, plan, nil, &fetchError{true, fmt.Errorf("feature %q returned a series without an instance label, or two for one instance; aggregate its query by instance", spec.Name)}
			}
			seen[instance] = true
			fs := model.FeatureSeries{Feature: spec.Name, Instance: instance, TimestampsMs: make([]int64, len(s.Samples)), Values: make([]float64, len(s.Samples))}
			for j, p := range s.Samples {
				fs.TimestampsMs[j], fs.Values[j] = p.T.UnixMilli(), p.V
			}
			series = append(series, fs)
		}
	}
	if len(notices) == len(specs) {
		return nil, plan, nil, &fetchError{false, lastErr}
	}
	hosts, err := model.AlignHosts(series, names, plan.FetchStartMs, plan.LastScoredMs, engine.StepMs(), meta.MaxFillSteps)
	if err != nil {
		return nil, plan, nil, &fetchError{true, err}
	}
	if limit := d.settings.MaxSeries; limit > 0 && len(hosts) > limit {
		return nil, plan, nil, &fetchError{true, fmt.Errorf("%d hosts match %s; the limit is %d — narrow the host selector or raise Max series", len(hosts), selector, limit)}
	}
	return hosts, plan, notices, nil
}
