package model

import (
	"math"
	"strings"
	"testing"
)

// probability is probabilityAt for row k of a chunk, from that chunk's prefix sums (as
// computeChunkParts does).
func (t *FailureTrend) probability(z []float64, missing []bool, F, f, k int, limitZ float64) float64 {
	return t.probabilityAt(trendPrefix(z, missing, F, f, k+1, make([]float64, 6*(k+2))), k, limitZ)
}

// trendChunk is rows × 2 features: feature 0 from value(j), feature 1 noise the trend must not read.
func trendChunk(rows int, value func(j int) float64) ([]float64, []bool) {
	z := make([]float64, rows*2)
	for j := 0; j < rows; j++ {
		z[j*2] = float64(float32(value(j)))
		z[j*2+1] = 5 * float64(1-2*(j%2))
	}
	return z, make([]bool, rows*2)
}

// stepChunk is a trendChunk whose feature 0 steps from 0 to 2 in its last 10 rows up to k: a
// spike or a job starting, which lifts the newer half only and must project nothing.
func stepChunk(rows, k int) ([]float64, []bool) {
	return trendChunk(rows, func(j int) float64 {
		if j > k-10 {
			return 2
		}
		return 0
	})
}

// The same cases as trendFailure.test.ts; the golden vectors hold the two runtimes equal on a model.
func TestFailureTrendProbability(t *testing.T) {
	trend := &FailureTrend{WindowSteps: 40, ProjectSteps: 60, MinSigma: 0.01}
	const k = 59
	climb, missing := trendChunk(60, func(j int) float64 { return 0.02*float64(j) + 0.001*math.Sin(float64(j)) })
	if p := trend.probability(climb, missing, 2, 0, k, 2); p < 0.99 {
		t.Errorf("a climb reaching the limit: %v, want > 0.99", p)
	}
	if p := trend.probability(climb, missing, 2, 0, k, 3.5); p > 0.01 {
		t.Errorf("a climb short of the limit: %v, want < 0.01", p)
	}
	step, _ := stepChunk(60, k)
	if p := trend.probability(step, missing, 2, 0, k, 3); p > 0.1 {
		t.Errorf("a step read as a climb: %v, want < 0.1", p)
	}
	falling, _ := trendChunk(60, func(j int) float64 { return 1 - 0.02*float64(j) })
	if p := trend.probability(falling, missing, 2, 0, k, 1.2); p > 1e-3 {
		t.Errorf("a falling line: %v, want ~0", p)
	}
	line, lineMissing := trendChunk(60, func(j int) float64 { return 0.02 * float64(j) })
	full := trend.probability(line, lineMissing, 2, 0, k, 2)
	for _, j := range []int{k, k - 7, k - 30} {
		lineMissing[j*2], line[j*2] = true, 1e6
	}
	if p := trend.probability(line, lineMissing, 2, 0, k, 2); math.Abs(p-full) > 1e-6 {
		t.Errorf("missing points changed an exact line's probability: %v vs %v", p, full)
	}
	for j := k - 19; j <= k-9; j++ {
		lineMissing[j*2] = true
	}
	if p := trend.probability(line, lineMissing, 2, 0, k, 2); p != 0 {
		t.Errorf("too few points in the newer half: %v, want 0", p)
	}
	steep, steepMissing := trendChunk(60, func(j int) float64 { return 0.2 * float64(j) })
	if p := trend.probability(steep, steepMissing, 2, 0, 5, 2); p != 0 {
		t.Errorf("at a chunk start: %v, want 0", p)
	}
}

func TestFailureTrendIsChecked(t *testing.T) {
	doc := seasonalGoldenDoc(t)
	doc["failureTrend"] = map[string]any{"windowSteps": 40, "projectSteps": 75, "minSigma": 0.01}
	if err := parseDoc(t, doc); err != nil {
		t.Fatalf("a good failureTrend refused: %v", err)
	}
	for _, window := range []int{2, 5, 62} { // below 6, or past the 60-step warm-up + 1
		doc["failureTrend"] = map[string]any{"windowSteps": window, "projectSteps": 75, "minSigma": 0.01}
		if err := parseDoc(t, doc); err == nil || !strings.Contains(err.Error(), "failureTrend") {
			t.Fatalf("windowSteps %d accepted: %v", window, err)
		}
	}
	doc["failureTrend"] = map[string]any{"windowSteps": 40, "projectSteps": 75, "minSigma": 0.01, "slopeCap": 2}
	if err := parseDoc(t, doc); err != nil {
		t.Fatalf("slopeCap 2 refused: %v", err)
	}
	for _, slopeCap := range []float64{0, 0.5, -1} { // a cap below 1 would steepen no climb but flatten some
		doc["failureTrend"] = map[string]any{"windowSteps": 40, "projectSteps": 75, "minSigma": 0.01, "slopeCap": slopeCap}
		if err := parseDoc(t, doc); err == nil || !strings.Contains(err.Error(), "slopeCap") {
			t.Fatalf("slopeCap %v accepted: %v", slopeCap, err)
		}
	}
}

// As trendFailure.test.ts: with a slope cap a climb that speeds up is read by its newer half, up to
// the cap times the older slope; a step (older half flat) still projects nothing.
func TestFailureTrendSlopeCap(t *testing.T) {
	const k = 59
	speeding, missing := trendChunk(60, func(j int) float64 { return 0.0005 * float64(j*j) })
	cap1, cap2, cap10 := 1.0, 2.0, 10.0
	plain := &FailureTrend{WindowSteps: 40, ProjectSteps: 60, MinSigma: 0.01}
	one := &FailureTrend{WindowSteps: 40, ProjectSteps: 60, MinSigma: 0.01, SlopeCap: &cap1}
	two := &FailureTrend{WindowSteps: 40, ProjectSteps: 60, MinSigma: 0.01, SlopeCap: &cap2}
	ten := &FailureTrend{WindowSteps: 40, ProjectSteps: 60, MinSigma: 0.01, SlopeCap: &cap10}
	if p := plain.probability(speeding, missing, 2, 0, k, 4); p > 0.01 {
		t.Errorf("older slope only: %v, want < 0.01", p)
	}
	if p, q := one.probability(speeding, missing, 2, 0, k, 4), plain.probability(speeding, missing, 2, 0, k, 4); p != q {
		t.Errorf("slopeCap 1 (%v) differs from no cap (%v)", p, q)
	}
	if p := two.probability(speeding, missing, 2, 0, k, 4); p < 0.99 {
		t.Errorf("slopeCap 2 on a climb 1.7× as steep in its newer half: %v, want > 0.99", p)
	}
	if p := ten.probability(speeding, missing, 2, 0, k, 5.4); p > 0.01 {
		t.Errorf("the slope went past the newer half's: %v, want < 0.01", p)
	}
	step, _ := stepChunk(60, k)
	if p := two.probability(step, missing, 2, 0, k, 3); p > 0.1 {
		t.Errorf("a step read as a climb with slopeCap 2: %v, want < 0.1", p)
	}
}
