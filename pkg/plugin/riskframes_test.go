package plugin

import (
	"math"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/anomalysentinel/sentinel/pkg/model"
)

var threeFeatures = []model.FeatureSpec{{Name: "cpu_busy"}, {Name: "memory_used"}, {Name: "swap_used"}}

// Two hosts, three steps, three features: web-1 is driven by memory then swap; web-2 has no
// positive evidence at the last step.
func syntheticResult() *model.RiskResult {
	return &model.RiskResult{
		TimestampsMs: []int64{1767225600000, 1767225615000, 1767225630000},
		Hosts: []model.HostRisk{
			{Instance: "web-1", Risk: []float64{0.1, 0.5, 0.97}, Components: make([]float64, 12),
				FeatureShares: []float64{0.2, 0.8, 0, 0.1, 0.6, 0.3, 0.05, 0.7, 0.25},
				Episodes:      []model.AlertEpisode{{FiredIndex: 2, PendingIndex: 2, EndIndex: 2, PeakRisk: 0.97}}},
			{Instance: "web-2", Risk: []float64{0.2, 0.1, 0.05}, Components: make([]float64, 12),
				FeatureShares: []float64{1, 0, 0, 0, 0, 0, 0, 0, 0}},
		},
	}
}

func fieldValues(t *testing.T, f *data.Field) []float64 {
	t.Helper()
	out := make([]float64, f.Len())
	for i := range out {
		v, err := f.FloatAt(i)
		if err != nil {
			t.Fatal(err)
		}
		out[i] = v
	}
	return out
}

func near(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Abs(a[i]-b[i]) > 1e-12 {
			return false
		}
	}
	return true
}

// The contributions output ranks features by their risk-weighted share over the range: web-1's
// memory (1.059) and swap (0.3925) over cpu (0.1185); web-2, with evidence only at its first step,
// still has a frame; web-3, whose incident has cleared (no evidence at the last step), is named by
// what drove it when its risk was high, not left empty.
func TestContributionFramesRankByRiskWeightedEvidence(t *testing.T) {
	res := syntheticResult()
	res.Hosts = append(res.Hosts, model.HostRisk{Instance: "web-3", Risk: []float64{0.2, 0.99, 0.01}, Components: make([]float64, 12),
		FeatureShares: []float64{0.9, 0.1, 0, 0.1, 0, 0.9, 0, 0, 0}})
	frames := contributionFrames(res, threeFeatures, 2, &data.FrameMeta{})
	want := []struct {
		instance, feature, rank string
		values                  []float64
	}{
		{"web-1", "memory_used", "1", []float64{0.8, 0.6, 0.7}},
		{"web-1", "swap_used", "2", []float64{0, 0.3, 0.25}},
		{"web-2", "cpu_busy", "1", []float64{1, 0, 0}},
		// web-3: swap 0.891 over cpu 0.18 + 0.099 = 0.279 and memory 0.02.
		{"web-3", "swap_used", "1", []float64{0, 0.9, 0}},
		{"web-3", "cpu_busy", "2", []float64{0.9, 0.1, 0}},
	}
	if len(frames) != len(want) {
		t.Fatalf("%d frames, want %d", len(frames), len(want))
	}
	for i, w := range want {
		f := frames[i].Fields[1]
		if f.Labels["instance"] != w.instance || f.Labels["feature"] != w.feature || f.Labels["rank"] != w.rank || !near(fieldValues(t, f), w.values) {
			t.Errorf("frame %d: labels %v values %v, want %s %s rank %s %v", i, f.Labels, fieldValues(t, f), w.instance, w.feature, w.rank, w.values)
		}
	}
	// A host with no positive evidence anywhere in the range has no frame.
	res.Hosts = []model.HostRisk{{Instance: "quiet", Risk: []float64{0.01, 0.01, 0.01}, FeatureShares: make([]float64, 9)}}
	if frames := contributionFrames(res, threeFeatures, 2, &data.FrameMeta{}); len(frames) != 0 {
		t.Errorf("quiet host: %d frames, want none", len(frames))
	}
}

func TestTopFeatureFramesOnePerHostAlways(t *testing.T) {
	frames := topFeatureFrames(syntheticResult(), threeFeatures, 2, &data.FrameMeta{})
	if len(frames) != 2 {
		t.Fatalf("%d frames, want one per host", len(frames))
	}
	f := frames[0].Fields[1]
	if f.Labels["instance"] != "web-1" || f.Labels[topFeaturesLabel] != "memory_used 70%, swap_used 25%" || !near(fieldValues(t, f), []float64{0.8, 0.9, 0.95}) {
		t.Errorf("web-1: %v %v", f.Labels, fieldValues(t, f))
	}
	f = frames[1].Fields[1]
	if f.Labels["instance"] != "web-2" || f.Labels[topFeaturesLabel] != "none" || !near(fieldValues(t, f), []float64{0, 0, 0}) {
		t.Errorf("web-2: %v %v", f.Labels, fieldValues(t, f))
	}
	// Exactly instance and top_features: what the alert annotation template reads.
	if len(frames[0].Fields[1].Labels) != 2 {
		t.Errorf("labels %v", frames[0].Fields[1].Labels)
	}
}

func TestRiskFramesWithComponents(t *testing.T) {
	res := syntheticResult()
	res.Hosts[0].Components = []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}
	frames := riskFrames(res, true, &data.FrameMeta{})
	if len(frames) != 2 || len(frames[0].Fields) != 6 {
		t.Fatalf("%d frames, %d fields", len(frames), len(frames[0].Fields))
	}
	if f := frames[0].Fields[3]; f.Name != "residual" || !near(fieldValues(t, f), []float64{2, 6, 10}) {
		t.Errorf("residual: %s %v", f.Name, fieldValues(t, f))
	}
	if plain := riskFrames(res, false, &data.FrameMeta{}); len(plain[0].Fields) != 2 {
		t.Errorf("risk output: %d fields", len(plain[0].Fields))
	}
}

// Grafana joins another query's reduced series to an alert instance when its labels contain
// the condition series' labels (or the reverse), and keeps one capture per refID: every host's
// top-features series must contain exactly its own risk series' labels, and no other host's.
func TestTopFeatureFramesJoinTheirHostsRiskSeries(t *testing.T) {
	res := syntheticResult()
	risk := riskFrames(res, false, &data.FrameMeta{})
	top := topFeatureFrames(res, threeFeatures, 3, &data.FrameMeta{})
	for _, r := range risk {
		matches := 0
		for _, f := range top {
			l := f.Fields[1].Labels
			if l.Contains(r.Fields[1].Labels) || r.Fields[1].Labels.Contains(l) {
				matches++
			}
		}
		if matches != 1 {
			t.Errorf("risk series %v joins %d top-features series, want 1", r.Fields[1].Labels, matches)
		}
	}
}
