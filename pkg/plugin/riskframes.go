package plugin

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/anomalysentinel/sentinel/pkg/model"
)

// riskFrameMeta is what every risk frame says about how it was computed.
func riskFrameMeta(artifact *model.Artifact, rule model.AlertingRule, notices []data.Notice) *data.FrameMeta {
	return &data.FrameMeta{
		Type:        data.FrameTypeTimeSeriesMulti,
		TypeVersion: data.FrameTypeVersion{0, 1},
		Notices:     notices,
		Custom: map[string]string{
			"modelVersion":   artifact.Meta.Version,
			"contentHash":    artifact.ContentHash,
			"alertThreshold": strconv.FormatFloat(rule.Threshold, 'g', -1, 64),
		},
	}
}

func scoredTimes(result *model.RiskResult) []time.Time {
	times := make([]time.Time, len(result.TimestampsMs))
	for s, t := range result.TimestampsMs {
		times[s] = time.UnixMilli(t).UTC()
	}
	return times
}

// riskFrames: one numeric frame per host labelled by instance, so Grafana alerting makes one
// alert instance per host; with components, the four parts are further fields of that frame.
func riskFrames(result *model.RiskResult, withComponents bool, meta *data.FrameMeta) data.Frames {
	times := scoredTimes(result)
	var frames data.Frames
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
		frame.Meta = meta
		frames = append(frames, frame)
	}
	return frames
}

// topAtLastStep ranks a host's features by their share at the last scored step: what drives
// the risk now, which is what an alert annotation (topFeatures) should name. The contributions
// output ranks over the whole range instead (topOverRange).
func topAtLastStep(features []model.FeatureSpec, h model.HostRisk, steps, top int) []model.Contribution {
	if steps == 0 {
		return nil
	}
	F := len(features)
	return model.TopContributions(features, h.FeatureShares[(steps-1)*F:steps*F], top)
}

// featureShareSeries is one feature's share of a host's evidence at every step.
func featureShareSeries(features []model.FeatureSpec, h model.HostRisk, steps int, name string) []float64 {
	F := len(features)
	f := 0
	for f < F && features[f].Name != name {
		f++
	}
	values := make([]float64, steps)
	for s := range values {
		values[s] = h.FeatureShares[s*F+f]
	}
	return values
}

// topOverRange ranks a host's features by their share weighted by risk, summed over the range:
// what drove the risk when it was high. A host page opened after an incident has cleared still
// names what drove it (ranking at the last step would name nothing there).
func topOverRange(features []model.FeatureSpec, h model.HostRisk, steps, top int) []model.Contribution {
	F := len(features)
	weighted := make([]float64, F)
	for s := 0; s < steps; s++ {
		r := h.Risk[s]
		if !(r > 0) || math.IsInf(r, 0) {
			continue
		}
		for f := 0; f < F; f++ {
			if share := h.FeatureShares[s*F+f]; share > 0 {
				weighted[f] += r * share
			}
		}
	}
	return model.TopContributions(features, weighted, top)
}

// contributionFrames: per host, one frame per feature among its top over the range (weighted by
// risk, topOverRange), holding that feature's share (0..1) of the host's positive risk evidence
// at every step, with labels instance, feature and rank. A time series panel shows what drove
// each host's risk; a host with no positive evidence in the range has no frame.
func contributionFrames(result *model.RiskResult, features []model.FeatureSpec, top int, meta *data.FrameMeta) data.Frames {
	times := scoredTimes(result)
	var frames data.Frames
	for _, h := range result.Hosts {
		for rank, c := range topOverRange(features, h, len(times), top) {
			labels := data.Labels{"instance": h.Instance, "feature": c.Feature, "rank": strconv.Itoa(rank + 1)}
			frame := data.NewFrame("contribution", data.NewField("time", nil, times),
				data.NewField("share", labels, featureShareSeries(features, h, len(times), c.Feature)))
			frame.Meta = meta
			frames = append(frames, frame)
		}
	}
	return frames
}

// topFeaturesLabel is the label an alert annotation prints as is.
const topFeaturesLabel = "top_features"

// topFeatureFrames is the alerting shape of the contributions: exactly one numeric frame per
// host, labelled instance and top_features ("memory_used 62%, swap_used 21%, disk_busy 9%" at
// the last step, "none" when nothing pulls risk up), valued by the summed share of those
// features at every step.
//
// Why a separate query and not a label on the risk frames: Grafana makes one alert instance per
// distinct label set of the condition's series, so a top_features label on the risk series
// would end an alert and start a new one whenever the ranking changes. Grafana instead joins
// the reduced values of every other query of the rule to the condition's series whose labels
// they contain (here: instance), and exposes them to templates as $values.<refID>, labels
// included — so the names travel to the annotation without touching the alert's identity.
// Exactly one frame per host, always present, because several series for one host under one
// refID would overwrite each other in $values, and a query with no frames makes the whole
// rule NoData.
func topFeatureFrames(result *model.RiskResult, features []model.FeatureSpec, top int, meta *data.FrameMeta) data.Frames {
	times := scoredTimes(result)
	var frames data.Frames
	for _, h := range result.Hosts {
		ranked := topAtLastStep(features, h, len(times), top)
		names := make([]string, len(ranked))
		values := make([]float64, len(times))
		for i, c := range ranked {
			names[i] = fmt.Sprintf("%s %.0f%%", c.Feature, 100*c.Share)
			for s, v := range featureShareSeries(features, h, len(times), c.Feature) {
				values[s] += v
			}
		}
		label := strings.Join(names, ", ")
		if label == "" {
			label = "none"
		}
		frame := data.NewFrame("top_features", data.NewField("time", nil, times),
			data.NewField("share", data.Labels{"instance": h.Instance, topFeaturesLabel: label}, values))
		frame.Meta = meta
		frames = append(frames, frame)
	}
	return frames
}
