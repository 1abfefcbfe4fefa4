package model

import (
	"context"
	"math"
	"strings"
	"testing"
)

// A median calibration votes the parts with a positive weight: odd counts take the middle part,
// even counts the mean of the middle two, parts weighed 0 do not vote, and the gain is the sum of
// the positive weights.
func TestCalibratedLogitMedian(t *testing.T) {
	row := []float64{5, -1, 2, 0.5}
	cases := []struct {
		name    string
		weights [4]float64
		want    float64
	}{
		{"all four vote: mean of 0.5 and 2", [4]float64{0.25, 0.25, 0.25, 0.25}, -1 + 1*1.25},
		{"three vote (isolation 0): middle of 5, -1, 0.5", [4]float64{0.5, 0.5, 0, 0.5}, -1 + 1.5*0.5},
		{"one votes", [4]float64{0, 0, 2, 0}, -1 + 2*2},
	}
	for _, c := range cases {
		got := calibratedLogit(row, Calibration{Weights: c.weights, Bias: -1, Combine: CombineMedian})
		if math.Abs(got-c.want) > 1e-15 {
			t.Errorf("%s: got %v, want %v", c.name, got, c.want)
		}
	}
	// The weighted sum, for contrast: one part far out (5) moves it, where the vote barely moves.
	sum := calibratedLogit(row, Calibration{Weights: [4]float64{0.5, 0.5, 0, 0.5}, Bias: -1})
	if want := -1 + 0.5*(5-1+0.5); math.Abs(sum-want) > 1e-15 {
		t.Errorf("weighted sum: got %v, want %v", sum, want)
	}
}

// The artifact check refuses an unknown combination and a median one no part can vote in.
func TestCalibrationCombineValidation(t *testing.T) {
	for _, c := range []struct {
		cal  Calibration
		want string
	}{
		{Calibration{Combine: "max", Weights: [4]float64{1, 1, 1, 1}}, "unknown combination"},
		{Calibration{Combine: CombineMedian}, "at least one weight > 0"},
		{Calibration{Combine: CombineMedian, Weights: [4]float64{1, -0.5, 1, 1}}, "weights >= 0"},
	} {
		err := c.cal.validateCombine()
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: got %v, want an error with %q", c.cal, err, c.want)
		}
	}
	for _, ok := range []Calibration{{}, {Combine: CombineWeightedSum}, {Combine: CombineMedian, Weights: [4]float64{0, 1, 0, 0}}} {
		if err := ok.validateCombine(); err != nil {
			t.Errorf("%+v: %v", ok, err)
		}
	}
}

// The Go engine's median calibration equals the TypeScript runtime's on the golden vectors
// (testdata/golden/risk-median), and the vote matters there: summing the same parts instead
// changes the risk by more than 0.05 somewhere.
func TestEngineMatchesTypeScriptRiskMedianGoldenVectors(t *testing.T) {
	e, v, hosts := loadRiskGoldenDir(t, "risk-median")
	if e.Meta.Calibration.Combine != CombineMedian {
		t.Fatalf("risk-median's calibration combines by %q", e.Meta.Calibration.Combine)
	}
	checkRiskGolden(t, "risk-median")
	e.Meta.Calibration.Combine = CombineWeightedSum
	summed, err := e.Score(context.Background(), hosts, v.StartMs, v.EndMs, false)
	if err != nil {
		t.Fatal(err)
	}
	most := 0.0
	for h, want := range v.Expected {
		for s, r := range want.Risk {
			most = math.Max(most, math.Abs(summed.Hosts[h].Risk[s]-r))
		}
	}
	if most < 0.05 {
		t.Fatalf("the median and the weighted sum differ by at most %.4f on the golden hosts", most)
	}
}

// Explanations under a median vote credit each voting part at most the level the vote agreed on;
// under a weighted sum each part's own weighted value.
func TestPartPulls(t *testing.T) {
	row := []float64{5, -1, 2, 0.5}
	median := partPulls(row, Calibration{Weights: [4]float64{0.5, 0.5, 0, 0.5}, Combine: CombineMedian})
	if want := [4]float64{0.25, -0.5, 0, 0.25}; median != want {
		t.Errorf("median: got %v, want %v", median, want)
	}
	sum := partPulls(row, Calibration{Weights: [4]float64{0.5, 0.5, 0, 0.5}})
	if want := [4]float64{2.5, -0.5, 0, 0.25}; sum != want {
		t.Errorf("weighted sum: got %v, want %v", sum, want)
	}
}
