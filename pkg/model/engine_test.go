package model

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"
)

type riskVectors struct {
	StartMs int64 `json:"startMs"`
	EndMs   int64 `json:"endMs"`
	Hosts   []struct {
		Instance    string     `json:"instance"`
		GridStartMs int64      `json:"gridStartMs"`
		Values      []*float64 `json:"values"`
		Missing     []int      `json:"missing"`
	} `json:"hosts"`
	TimestampsMs []int64 `json:"timestampsMs"`
	Expected     []struct {
		Instance      string           `json:"instance"`
		Risk          []float64        `json:"risk"`
		Components    []float64        `json:"components"`
		Contributions [][]Contribution `json:"contributions"`
		Episodes      []AlertEpisode   `json:"episodes"`
	} `json:"expected"`
}

func loadRiskGolden(t *testing.T) (*Engine, riskVectors, []HostFeatures) {
	t.Helper()
	return loadRiskGoldenDir(t, "risk")
}

// loadRiskGoldenDir loads testdata/golden/<name>: an artifact and its risk vectors.
func loadRiskGoldenDir(t testing.TB, name string) (*Engine, riskVectors, []HostFeatures) {
	t.Helper()
	a, err := LoadArtifactDir(goldenDir(t, name))
	if err != nil {
		t.Fatal(err)
	}
	e, err := EngineFromArtifact(a)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(goldenDir(t, name), "vectors.json"))
	if err != nil {
		t.Fatal(err)
	}
	var v riskVectors
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatal(err)
	}
	hosts := make([]HostFeatures, len(v.Hosts))
	for i, h := range v.Hosts {
		hosts[i] = HostFeatures{Instance: h.Instance, GridStartMs: h.GridStartMs, Values: make([]float64, len(h.Values)), Missing: make([]bool, len(h.Missing))}
		for j, x := range h.Values {
			if x == nil {
				hosts[i].Values[j] = math.NaN()
			} else {
				hosts[i].Values[j] = *x
			}
			hosts[i].Missing[j] = h.Missing[j] != 0
		}
	}
	return e, v, hosts
}

// The Go engine computes the same risk, components, contributions and alerts as the TypeScript
// runtime on the golden vectors (risk and components to 1e-5).
func TestEngineMatchesTypeScriptRiskGoldenVectors(t *testing.T) {
	checkRiskGolden(t, "risk")
}

// The same with a seasonal baseline (testdata/golden/risk-seasonal): per time-of-day bucket
// medians and MADs, scored at each step's grid time.
func TestEngineMatchesTypeScriptRiskSeasonalGoldenVectors(t *testing.T) {
	e, _, _ := loadRiskGoldenDir(t, "risk-seasonal")
	if _, ok := e.Baseline.(*SeasonalBaseline); !ok {
		t.Fatalf("risk-seasonal's baseline is %T, want *SeasonalBaseline", e.Baseline)
	}
	checkRiskGolden(t, "risk-seasonal")
}

// The same with a failure head (testdata/golden/risk-head): risk is the head's probability, from
// inputs built over each chunk's rows (slopes, values, rolling low and high, missing values included)
// and trees walked as in TypeScript.
func TestEngineMatchesTypeScriptRiskHeadGoldenVectors(t *testing.T) {
	e, v, _ := loadRiskGoldenDir(t, "risk-head")
	if e.Meta.FailureHead == nil || len(e.Meta.FailureHead.Trees.Trees) != 30 {
		t.Fatalf("risk-head's artifact should carry a 30-tree failure head")
	}
	// The head must move the risk, or agreement on it would prove little.
	lo, hi := 1.0, 0.0
	for _, h := range v.Expected {
		for _, r := range h.Risk {
			lo, hi = math.Min(lo, r), math.Max(hi, r)
		}
	}
	if hi-lo < 0.3 {
		t.Fatalf("head risk spans only [%.3f, %.3f]", lo, hi)
	}
	checkRiskGolden(t, "risk-head")
}

// The golden head's early exit is exercised: some rows stop after its first trees (their risk then
// differs from the whole head's) and some walk on (theirs is the same), and no row that stops
// reaches the alert's clearing level with or without the exit.
func TestRiskHeadGoldenEarlyExitStopsSomeRows(t *testing.T) {
	e, v, hosts := loadRiskGoldenDir(t, "risk-head")
	exit := e.Meta.FailureHead.Trees.EarlyExit
	if exit == nil {
		t.Fatal("risk-head's artifact should carry an early exit")
	}
	gated, err := e.Score(context.Background(), hosts, v.StartMs, v.EndMs, false)
	if err != nil {
		t.Fatal(err)
	}
	e.head.exitAfter, e.head.exitBelow = len(e.head.roots), math.Inf(-1)
	whole, err := e.Score(context.Background(), hosts, v.StartMs, v.EndMs, false)
	if err != nil {
		t.Fatal(err)
	}
	stopped, walked := 0, 0
	clear := e.Meta.Alerting.ClearBelow
	for h := range hosts {
		for s, r := range gated.Hosts[h].Risk {
			w := whole.Hosts[h].Risk[s]
			if r == w {
				walked++
				continue
			}
			stopped++
			if r >= clear || w >= clear {
				t.Fatalf("host %d step %d stopped early at risk %v (whole head %v), clearing level %v", h, s, r, w, clear)
			}
		}
	}
	if stopped == 0 || walked == 0 {
		t.Fatalf("%d rows stopped early and %d walked every tree; the vectors should hold both", stopped, walked)
	}
}

func checkRiskGolden(t *testing.T, name string) {
	t.Helper()
	e, v, hosts := loadRiskGoldenDir(t, name)
	res, err := e.Score(context.Background(), hosts, v.StartMs, v.EndMs, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.TimestampsMs) != len(v.TimestampsMs) || res.TimestampsMs[0] != v.TimestampsMs[0] {
		t.Fatalf("timestamps: %d from %d, want %d from %d", len(res.TimestampsMs), res.TimestampsMs[0], len(v.TimestampsMs), v.TimestampsMs[0])
	}
	maxRisk, maxComp := 0.0, 0.0
	for h, want := range v.Expected {
		got := res.Hosts[h]
		if got.Instance != want.Instance {
			t.Fatalf("host %d is %s, want %s", h, got.Instance, want.Instance)
		}
		for s := range want.Risk {
			maxRisk = math.Max(maxRisk, math.Abs(got.Risk[s]-want.Risk[s]))
		}
		for i := range want.Components {
			maxComp = math.Max(maxComp, math.Abs(got.Components[i]-want.Components[i]))
		}
		if len(got.Episodes) != len(want.Episodes) {
			t.Fatalf("%s: %d alert episodes, want %d", want.Instance, len(got.Episodes), len(want.Episodes))
		}
		for i := range want.Episodes {
			g, w := got.Episodes[i], want.Episodes[i]
			if g.FiredIndex != w.FiredIndex || g.EndIndex != w.EndIndex || math.Abs(g.PeakRisk-w.PeakRisk) > 1e-5 {
				t.Fatalf("%s episode %d: got %+v, want %+v", want.Instance, i, g, w)
			}
		}
		for s, wantTop := range want.Contributions {
			gotShares := map[string]float64{}
			for _, c := range got.Contributions[s] {
				gotShares[c.Feature] = c.Share
			}
			for _, c := range wantTop {
				// Near-ties may swap places at the cut-off; a feature with a real share must be there.
				if g, ok := gotShares[c.Feature]; (!ok && c.Share > 0.05) || (ok && math.Abs(g-c.Share) > 1e-4) {
					t.Fatalf("%s step %d: contributions %+v, want %+v", want.Instance, s, got.Contributions[s], wantTop)
				}
			}
		}
	}
	t.Logf("max |Δ| risk %.2e, components %.2e over %d host-steps", maxRisk, maxComp, len(v.Expected)*len(v.TimestampsMs))
	if maxRisk > 1e-5 || maxComp > 1e-5 {
		t.Fatalf("Go and TypeScript differ: risk %.3g, components %.3g (limit 1e-5)", maxRisk, maxComp)
	}
}

// Asking for a narrower range gives the same values at the same times (the warm-up rule).
func TestEngineRiskDoesNotDependOnTheRangeAskedFor(t *testing.T) {
	e, v, hosts := loadRiskGolden(t)
	full, err := e.Score(context.Background(), hosts, v.StartMs, v.EndMs, false)
	if err != nil {
		t.Fatal(err)
	}
	from := full.TimestampsMs[300]
	part, err := e.Score(context.Background(), hosts, from, from+100*e.StepMs(), false)
	if err != nil {
		t.Fatal(err)
	}
	// Every host: hosts share LSTM passes (LaneModel.Step), and the narrow range stops its last
	// chunk early; neither may change a value.
	for h := range hosts {
		for s := range part.TimestampsMs {
			if part.Hosts[h].Risk[s] != full.Hosts[h].Risk[300+s] {
				t.Fatalf("host %d step %d: %v in the narrow range, %v in the full one", h, s, part.Hosts[h].Risk[s], full.Hosts[h].Risk[300+s])
			}
			for i := 0; i < 4; i++ {
				if part.Hosts[h].Components[s*4+i] != full.Hosts[h].Components[(300+s)*4+i] {
					t.Fatalf("host %d step %d: component %d differs between the ranges", h, s, i)
				}
			}
		}
	}
}

func TestEngineHonoursCancellation(t *testing.T) {
	e, v, hosts := loadRiskGolden(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := e.Score(ctx, hosts, v.StartMs, v.EndMs, false); err == nil {
		t.Fatal("a cancelled context must stop scoring")
	}
}

// Hosts go through the LSTM lanes at a time; a host's values must not depend on which hosts
// share its pass, nor on a group left incomplete by an odd host count.
func TestEngineHostsDoNotDependOnTheirLaneMates(t *testing.T) {
	e, v, hosts := loadRiskGolden(t)
	mixed, err := e.Score(context.Background(), []HostFeatures{hosts[1], hosts[0], hosts[1]}, v.StartMs, v.EndMs, false)
	if err != nil {
		t.Fatal(err)
	}
	for i, h := range []int{1, 0, 1} {
		alone, err := e.Score(context.Background(), hosts[h:h+1], v.StartMs, v.EndMs, false)
		if err != nil {
			t.Fatal(err)
		}
		for s := range alone.Hosts[0].Risk {
			if mixed.Hosts[i].Risk[s] != alone.Hosts[0].Risk[s] {
				t.Fatalf("host %d (position %d) step %d: %v among others, %v alone", h, i, s, mixed.Hosts[i].Risk[s], alone.Hosts[0].Risk[s])
			}
		}
	}
}

// A finite but absurd value (1e300 in a ratio) must not overflow the LSTM's float32 input into
// Inf/NaN risk: normalised values are clamped, as in normalise.ts, and the risk stays a probability.
func TestEngineKeepsRiskFiniteOnAbsurdValues(t *testing.T) {
	e, v, hosts := loadRiskGolden(t)
	host := hosts[0]
	values := append([]float64(nil), host.Values...)
	F := len(e.Meta.Features)
	for i := 0; i < len(values); i += F * 7 {
		values[i] = 1e300 // feature 0 (a ratio) every 7th row
	}
	host.Values = values
	if z := normalise(e.Meta.Normalisation[0], 1e300, false); z != zLimit {
		t.Fatalf("1e300 normalises to %v, want the limit %v", z, zLimit)
	}
	got, err := e.Score(context.Background(), []HostFeatures{host}, v.StartMs, v.EndMs, false)
	if err != nil {
		t.Fatal(err)
	}
	for s, r := range got.Hosts[0].Risk {
		if !(r >= 0 && r <= 1) {
			t.Fatalf("step %d: risk %v", s, r)
		}
	}
}

// reweighed is a new engine like e with other calibration weights (e and its metadata unchanged).
func reweighed(t *testing.T, e *Engine, weights [4]float64) *Engine {
	t.Helper()
	meta := *e.Meta
	meta.Calibration.Weights = weights
	rebuilt, err := NewEngine(&meta, e.Forecaster, e.Isolation, e.Baseline)
	if err != nil {
		t.Fatal(err)
	}
	return rebuilt
}

// scoredBothWays scores the golden range computing every part, then skipping the unused ones.
func scoredBothWays(t *testing.T, e *Engine, hosts []HostFeatures, v riskVectors, opts ScoreOptions) (all, skipped *RiskResult) {
	t.Helper()
	all, err := e.ScoreWith(context.Background(), hosts, v.StartMs, v.EndMs, opts)
	if err != nil {
		t.Fatal(err)
	}
	opts.SkipUnusedParts = true
	if skipped, err = e.ScoreWith(context.Background(), hosts, v.StartMs, v.EndMs, opts); err != nil {
		t.Fatal(err)
	}
	return all, skipped
}

// SkipUnusedParts leaves out the parts nothing reads and changes nothing else: with the Isolation
// Forest and the baseline weighed 0 (as the shipped calibration weighs the forest), risk, episodes
// and the other components are the same and the skipped ones read 0; a part the calibration
// weighs is computed whatever the option says.
func TestEngineSkipsOnlyPartsNothingReads(t *testing.T) {
	e, v, hosts := loadRiskGoldenDir(t, "risk")
	w := e.Meta.Calibration.Weights
	e = reweighed(t, e, [4]float64{w[0], w[1], 0, 0})
	all, skipped := scoredBothWays(t, e, hosts, v, ScoreOptions{Contributions: true})
	nonZero := false
	for h := range hosts {
		a, s := all.Hosts[h], skipped.Hosts[h]
		for i := range a.Risk {
			if a.Risk[i] != s.Risk[i] {
				t.Fatalf("host %d step %d: risk %v skipping, %v computing every part", h, i, s.Risk[i], a.Risk[i])
			}
			for c := 0; c < 4; c++ {
				want := a.Components[i*4+c]
				if c >= ComponentIsolation {
					nonZero = nonZero || want != 0
					want = 0
				}
				if s.Components[i*4+c] != want {
					t.Fatalf("host %d step %d component %d: %v, want %v", h, i, c, s.Components[i*4+c], want)
				}
			}
		}
		if len(a.Episodes) != len(s.Episodes) {
			t.Fatalf("host %d: %d episodes skipping, %d computing every part", h, len(s.Episodes), len(a.Episodes))
		}
	}
	if !nonZero {
		t.Fatal("the skipped parts are 0 when computed too; the comparison would prove nothing")
	}
	// Weighed parts are computed whatever the option says.
	full, weighed := scoredBothWays(t, reweighed(t, e, w), hosts, v, ScoreOptions{})
	for i, c := range weighed.Hosts[0].Components {
		if c != full.Hosts[0].Components[i] {
			t.Fatalf("component %d of a weighed part: %v skipping, %v computing every part", i, c, full.Hosts[0].Components[i])
		}
	}
}

// A part the failure head splits on is computed even when the calibration weighs it 0: the golden
// head reads the Isolation Forest part and not the baseline.
func TestEngineComputesPartsTheHeadReads(t *testing.T) {
	e, v, hosts := loadRiskGoldenDir(t, "risk-head")
	w := e.Meta.Calibration.Weights
	e = reweighed(t, e, [4]float64{w[0], w[1], 0, 0})
	if !e.head.reads(ComponentIsolation) || e.head.reads(ComponentBaseline) {
		t.Fatal("the golden head should read the Isolation Forest part and not the baseline")
	}
	all, skipped := scoredBothWays(t, e, hosts, v, ScoreOptions{})
	for i, r := range skipped.Hosts[0].Risk {
		k := i * 4
		if r != all.Hosts[0].Risk[i] || skipped.Hosts[0].Components[k+ComponentIsolation] != all.Hosts[0].Components[k+ComponentIsolation] {
			t.Fatalf("step %d: risk or the read part changed when skipping", i)
		}
		if skipped.Hosts[0].Components[k+ComponentBaseline] != 0 {
			t.Fatalf("step %d: the unread baseline was computed", i)
		}
	}
}
