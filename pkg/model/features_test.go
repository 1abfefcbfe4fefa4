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
		[]string{"a"}, 0, 9*step, step, 2)
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
	_, err = AlignHosts([]FeatureSeries{{Feature: "a", Instance: "web-1", TimestampsMs: []int64{0, step}, Values: []float64{1, math.Inf(1)}}}, []string{"a"}, 0, step, step, 0)
	if err == nil || !strings.Contains(err.Error(), `feature "a" instance="web-1" is +Inf`) {
		t.Fatalf("got %v", err)
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
