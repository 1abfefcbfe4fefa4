package model

import (
	"math"
	"strings"
	"testing"
)

// The same cases as features.test.ts: fill short gaps, mark long ones missing.
func TestAlignHostsMatchesTheTypeScriptRule(t *testing.T) {
	const step = 60_000
	hosts, err := AlignHosts([]FeatureSeries{{Feature: "a", Instance: "h", TimestampsMs: []int64{0, 55_000, 2 * step, 7 * step}, Values: []float64{1, 2, 3, 4}}},
		[]string{"a"}, 0, 9*step, step, 2, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{1, 2, 3, 3, 3, math.NaN(), math.NaN(), 4, 4, 4}
	for k, w := range want {
		got := hosts[0].Values[k]
		if (math.IsNaN(w) != hosts[0].Missing[k]) || (!math.IsNaN(w) && got != w) {
			t.Fatalf("step %d: got %v (missing %v), want %v", k, got, hosts[0].Missing[k], w)
		}
	}
	_, err = AlignHosts([]FeatureSeries{{Feature: "a", Instance: "web-1", TimestampsMs: []int64{0, step}, Values: []float64{1, math.Inf(1)}}}, []string{"a"}, 0, step, step, 0, nil)
	if err == nil || !strings.Contains(err.Error(), `feature "a" instance="web-1" is +Inf`) {
		t.Fatalf("got %v", err)
	}
}

// The same cases as features.test.ts: a series starting inside the grid loses its first settle
// points, one starting at the grid start keeps them, and after a gap the fill comes from before it.
func TestAlignHostsSettlesNewSeriesLikeTheTypeScriptRule(t *testing.T) {
	const step = 60_000
	at := func(ks ...int64) []int64 {
		out := make([]int64, len(ks))
		for i, k := range ks {
			out[i] = k * step
		}
		return out
	}
	values := []float64{0.7, 0.5, 0.2, 0.18, 0.18}
	hosts, err := AlignHosts([]FeatureSeries{
		{Feature: "a", Instance: "h", TimestampsMs: at(2, 3, 4, 5, 6), Values: values},
		{Feature: "b", Instance: "h", TimestampsMs: at(0, 1, 2, 3, 4), Values: values},
	}, []string{"a", "b"}, 0, 6*step, step, 0, []int{2, 2})
	if err != nil {
		t.Fatal(err)
	}
	nan := math.NaN()
	for f, want := range [][]float64{{nan, nan, nan, nan, 0.2, 0.18, 0.18}, {0.7, 0.5, 0.2, 0.18, 0.18, nan, nan}} {
		for k, w := range want {
			i := k*2 + f
			if math.IsNaN(w) != hosts[0].Missing[i] || (!math.IsNaN(w) && hosts[0].Values[i] != w) {
				t.Fatalf("feature %d step %d: got %v (missing %v), want %v", f, k, hosts[0].Values[i], hosts[0].Missing[i], w)
			}
		}
	}
	gap, err := AlignHosts([]FeatureSeries{{Feature: "a", Instance: "h", TimestampsMs: at(0, 1, 3, 4, 5, 6), Values: []float64{1, 1, 9, 9, 2, 2}}},
		[]string{"a"}, 0, 6*step, step, 3, []int{2})
	if err != nil {
		t.Fatal(err)
	}
	for k, w := range []float64{1, 1, 1, 1, 1, 2, 2} {
		if gap[0].Missing[k] || gap[0].Values[k] != w {
			t.Fatalf("after a gap, step %d: got %v (missing %v), want %v", k, gap[0].Values[k], gap[0].Missing[k], w)
		}
	}
	settle, err := SettleSteps([]FeatureSpec{{PromQL: "rate(x{$selector}[$rate])"}, {PromQL: "y{$selector}"}}, "1m", 15_000)
	if err != nil || settle[0] != 3 || settle[1] != 0 {
		t.Fatalf("SettleSteps: %v, %v", settle, err)
	}
	if _, err := SettleSteps(nil, "1 minute", 15_000); err == nil {
		t.Fatal("a bad rate window must be refused")
	}
}

func TestRenderFeatureQueryRefusesInjection(t *testing.T) {
	spec := FeatureSpec{PromQL: `node_load1{$selector}[$rate]`}
	got, err := RenderFeatureQuery(spec, `instance=~"web-.*"`, "1m")
	if err != nil || got != `node_load1{instance=~"web-.*"}[1m]` {
		t.Fatalf("got %q, %v", got, err)
	}
	for _, bad := range []string{`} or vector(1) or {`, "instance", "", `a="b" or c="d"`} {
		if _, err := RenderFeatureQuery(spec, bad, "1m"); err == nil {
			t.Fatalf("selector %q must be refused", bad)
		}
	}
}
