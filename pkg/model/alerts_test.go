package model

import (
	"context"
	"math"
	"testing"
)

func TestAlertingRuleWithThresholdKeepsTheHysteresisRatio(t *testing.T) {
	rule := AlertingRule{Threshold: 0.95, MinDurationSteps: 4, ClearBelow: 0.8075}
	got := rule.WithThreshold(0.5)
	if got.Threshold != 0.5 || got.MinDurationSteps != 4 || math.Abs(got.ClearBelow-0.425) > 1e-12 {
		t.Fatalf("WithThreshold(0.5) = %+v", got)
	}
	if err := got.Validate(); err != nil {
		t.Fatal(err)
	}
}

func TestAlertingRuleValidate(t *testing.T) {
	for _, bad := range []AlertingRule{
		{Threshold: 0, MinDurationSteps: 1},
		{Threshold: 1, MinDurationSteps: 1},
		{Threshold: math.NaN(), MinDurationSteps: 1},
		{Threshold: 0.5, MinDurationSteps: 0},
		{Threshold: 0.5, MinDurationSteps: 1, ClearBelow: 0.6},
	} {
		if bad.Validate() == nil {
			t.Errorf("%+v passed validation", bad)
		}
	}
}

// A lower threshold override makes episodes where the model's own rule makes none (or more).
func TestScoreWithAlertingOverrideChangesEpisodes(t *testing.T) {
	e, v, hosts := loadRiskGolden(t)
	own, err := e.ScoreWith(context.Background(), hosts, v.StartMs, v.EndMs, ScoreOptions{})
	if err != nil {
		t.Fatal(err)
	}
	low := e.Meta.Alerting.WithThreshold(0.01)
	lowRes, err := e.ScoreWith(context.Background(), hosts, v.StartMs, v.EndMs, ScoreOptions{Alerting: &low})
	if err != nil {
		t.Fatal(err)
	}
	for h := range own.Hosts {
		for s, r := range own.Hosts[h].Risk {
			if lowRes.Hosts[h].Risk[s] != r {
				t.Fatalf("the threshold changed risk at host %d step %d", h, s)
			}
		}
		want := AlertEpisodes(own.Hosts[h].Risk, low)
		if len(lowRes.Hosts[h].Episodes) != len(want) || len(want) == 0 {
			t.Fatalf("host %d: %d episodes under threshold 0.01, want %d (> 0)", h, len(lowRes.Hosts[h].Episodes), len(want))
		}
	}
	bad := AlertingRule{Threshold: 2, MinDurationSteps: 1}
	if _, err := e.ScoreWith(context.Background(), hosts, v.StartMs, v.EndMs, ScoreOptions{Alerting: &bad}); err == nil {
		t.Fatal("an invalid rule must be refused")
	}
}
