package plugin

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/anomalysentinel/sentinel/pkg/model"
)

// QueryTypeRisk asks for failure risk per host instead of a PromQL result.
const QueryTypeRisk = "risk"

// riskQueryModel is what a risk query carries: which hosts, and whether to add the components.
type riskQueryModel struct {
	HostSelector string `json:"hostSelector"`
	ModelVersion string `json:"modelVersion"` // "" = the active version
	Output       string `json:"output"`       // "risk" (default) or "components"
}

const defaultHostSelector = `instance=~".+"`

// riskQuery fetches the model's features for the selected hosts (one query_range per feature,
// from the warm-up before the range), computes risk with the active (or asked-for) model and returns one
// numeric frame per host, labelled by instance, so Grafana alerting makes one alert per host.
// A feature that fails upstream leaves that feature missing with a notice; if all fail, the
// query fails with the upstream's typed error.
func (d *Datasource) riskQuery(ctx context.Context, q backend.DataQuery) backend.DataResponse {
	var rq riskQueryModel
	if err := json.Unmarshal(q.JSON, &rq); err != nil {
		return backend.ErrDataResponseWithSource(backend.StatusBadRequest, backend.ErrorSourceDownstream,
			fmt.Sprintf("query %s: the risk query is not valid JSON (%v); re-save the query", q.RefID, err))
	}
	if strings.TrimSpace(rq.HostSelector) == "" {
		rq.HostSelector = defaultHostSelector
	}
	if rq.Output != "" && rq.Output != "risk" && rq.Output != "components" {
		return backend.ErrDataResponseWithSource(backend.StatusBadRequest, backend.ErrorSourceDownstream,
			fmt.Sprintf("query %s: output %q is not one of risk, components", q.RefID, rq.Output))
	}
	engine, artifact, err := d.models.Engine(rq.ModelVersion)
	if err != nil {
		return backend.ErrDataResponseWithSource(backend.StatusBadRequest, backend.ErrorSourceDownstream, fmt.Sprintf("query %s: %v", q.RefID, err))
	}
	hosts, _, notices, ferr := d.fetchHosts(ctx, engine, rq, q.TimeRange.From.UnixMilli(), q.TimeRange.To.UnixMilli())
	if ferr != nil {
		return ferr.response(q.RefID)
	}
	result, err := engine.Score(ctx, hosts, q.TimeRange.From.UnixMilli(), q.TimeRange.To.UnixMilli(), false)
	if err != nil {
		return errorResponse(err)
	}
	return riskFrames(result, rq.Output == "components", artifact, notices)
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
		return backend.ErrDataResponseWithSource(backend.StatusBadRequest, backend.ErrorSourceDownstream, fmt.Sprintf("query %s: %v", refID, e.err))
	}
	return errorResponse(e.err)
}

// fetchHosts reads every feature of the model for the selected hosts over the chunk plan of
// [fromMs, toMs] (one query_range per feature, from the warm-up) and aligns them on the model's
// grid. A feature that fails upstream counts as missing, with a notice; if all fail, the last
// upstream error is returned.
func (d *Datasource) fetchHosts(ctx context.Context, engine *model.Engine, rq riskQueryModel, fromMs, toMs int64) ([]model.HostFeatures, model.ChunkPlan, []data.Notice, *fetchError) {
	meta := engine.Meta
	plan, err := engine.Plan(fromMs, toMs)
	if err != nil {
		return nil, plan, nil, &fetchError{true, err}
	}
	step := time.Duration(engine.StepMs()) * time.Millisecond
	names := make([]string, len(meta.Features))
	var series []model.FeatureSeries
	var notices []data.Notice
	var lastErr error
	for i, spec := range meta.Features {
		names[i] = spec.Name
		expr, err := model.RenderFeatureQuery(spec, rq.HostSelector, meta.RateWindow)
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
	if len(notices) == len(meta.Features) {
		return nil, plan, nil, &fetchError{false, lastErr}
	}
	hosts, err := model.AlignHosts(series, names, plan.FetchStartMs, plan.LastScoredMs, engine.StepMs(), meta.MaxFillSteps)
	if err != nil {
		return nil, plan, nil, &fetchError{true, err}
	}
	if limit := d.settings.MaxSeries; limit > 0 && len(hosts) > limit {
		return nil, plan, nil, &fetchError{true, fmt.Errorf("%d hosts match %s; the limit is %d — narrow the host selector or raise Max series", len(hosts), rq.HostSelector, limit)}
	}
	return hosts, plan, notices, nil
}

func riskFrames(result *model.RiskResult, withComponents bool, artifact *model.Artifact, notices []data.Notice) backend.DataResponse {
	times := make([]time.Time, len(result.TimestampsMs))
	for s, t := range result.TimestampsMs {
		times[s] = time.UnixMilli(t).UTC()
	}
	var resp backend.DataResponse
	for _, h := range result.Hosts {
		labels := data.Labels{"instance": h.Instance}
		frame := data.NewFrame("risk", data.NewField("time", nil, times), data.NewField("risk", labels, h.Risk))
		if withComponents {
			for i, name := range model.ComponentNames {
				values := make([]float64, len(times))
				for s := range values {
					values[s] = h.Components[s*4+i]
				}
				frame.Fields = append(frame.Fields, data.NewField(name, labels, values))
			}
		}
		frame.Meta = &data.FrameMeta{
			Type:        data.FrameTypeTimeSeriesMulti,
			TypeVersion: data.FrameTypeVersion{0, 1},
			Notices:     notices,
			Custom:      map[string]string{"modelVersion": artifact.Meta.Version, "contentHash": artifact.ContentHash},
		}
		resp.Frames = append(resp.Frames, frame)
	}
	return resp
}
