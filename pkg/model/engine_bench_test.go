package model

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// benchHosts makes n hosts of the golden artifact's features, one hour at 15 s steps plus the
// warm-up before it, with smooth varying values (upstream excluded: features in memory).
func benchHosts(e *Engine, n int, startMs, endMs int64) []HostFeatures {
	plan, _ := e.Plan(startMs, endMs)
	F := len(e.Meta.Features)
	T := int((endMs-plan.FetchStartMs)/e.StepMs()) + 1
	hosts := make([]HostFeatures, n)
	for h := range hosts {
		values := make([]float64, T*F)
		for t := 0; t < T; t++ {
			for f := 0; f < F; f++ {
				values[t*F+f] = waveValue(e.Meta.Features[f], t+h, f)
			}
		}
		hosts[h] = HostFeatures{Instance: "h", GridStartMs: plan.FetchStartMs, Values: values, Missing: make([]bool, T*F)}
	}
	return hosts
}

// waveValue is the benchmark's smooth value of feature f at step t: 0.1–0.7, or for a feature with
// a failure limit 5–65 % of it, so that no host reads as failing (a failure head's risk is 1 there,
// which would make the benchmark measure a shortcut instead of the model).
func waveValue(spec FeatureSpec, t, f int) float64 {
	wave := 0.4 + 0.3*math.Sin(float64(t)*0.05+float64(f))
	if spec.FailureLimit != nil {
		return *spec.FailureLimit * (wave - 0.05)
	}
	return wave
}

// shippedEngineOneHour loads the shipped model (what the backend will run) and one hour aligned to
// a chunk: 240 scored steps, 60 warm-up steps.
func shippedEngineOneHour(b *testing.B) (*Engine, int64, int64) {
	a, err := LoadArtifactDir("../../models/default")
	if err != nil {
		b.Fatal(err)
	}
	e, err := EngineFromArtifact(a)
	if err != nil {
		b.Fatal(err)
	}
	startMs := int64(1767225600000)
	return e, startMs, startMs + 3600_000 - e.StepMs()
}

// riskQuery scores as the backend's risk queries do: parts nothing reads are skipped.
var riskQuery = ScoreOptions{SkipUnusedParts: true}

// BenchmarkRisk1000HostsOneHour: the target, 1,000 hosts × 1 h at 15 s, upstream excluded.
func BenchmarkRisk1000HostsOneHour(b *testing.B) {
	e, startMs, endMs := shippedEngineOneHour(b)
	hosts := benchHosts(e, 1000, startMs, endMs)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := e.ScoreWith(context.Background(), hosts, startMs, endMs, riskQuery); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(1000*240*b.N)/b.Elapsed().Seconds(), "host-steps/s")
}

// benchFleetShape is build/bench-fleet/fleet.json, written by `tsx src/cli/benchRisk.ts --write-fleet`.
type benchFleetShape struct {
	Hosts       int      `json:"hosts"`
	Steps       int      `json:"steps"`
	StepMs      int64    `json:"stepMs"`
	GridStartMs int64    `json:"gridStartMs"`
	Features    []string `json:"features"`
}

// BenchmarkRiskScenarioFleet: the same work on a typical fleet, windows of a scenario fleet
// (src/cli/benchFleet.ts), where a failure head's early exit lets quiet rows stop. Skipped until
// scripts/bench has written the fleet (SENTINEL_BENCH_FLEET, default ../../build/bench-fleet).
func BenchmarkRiskScenarioFleet(b *testing.B) {
	dir := os.Getenv("SENTINEL_BENCH_FLEET")
	if dir == "" {
		dir = "../../build/bench-fleet"
	}
	raw, err := os.ReadFile(filepath.Join(dir, "fleet.json"))
	if err != nil {
		b.Skipf("no bench fleet (%v): run scripts/bench, or tsx src/cli/benchRisk.ts --write-fleet %s", err, dir)
	}
	var shape benchFleetShape
	if err := json.Unmarshal(raw, &shape); err != nil {
		b.Fatal(err)
	}
	e, startMs, endMs := shippedEngineOneHour(b)
	plan, _ := e.Plan(startMs, endMs)
	F := len(e.Meta.Features)
	T := int((endMs-plan.FetchStartMs)/e.StepMs()) + 1
	names := make([]string, F)
	for i, f := range e.Meta.Features {
		names[i] = f.Name
	}
	if shape.Steps != T || shape.GridStartMs != plan.FetchStartMs || strings.Join(shape.Features, ",") != strings.Join(names, ",") {
		b.Fatalf("%s was written for another model or window; write it again (scripts/bench does)", dir)
	}
	values, err := os.ReadFile(filepath.Join(dir, "values.f64"))
	if err != nil {
		b.Fatal(err)
	}
	if len(values) != shape.Hosts*T*F*8 {
		b.Fatalf("values.f64 has %d bytes, want %d", len(values), shape.Hosts*T*F*8)
	}
	hosts := make([]HostFeatures, shape.Hosts)
	for h := range hosts {
		v, m := make([]float64, T*F), make([]bool, T*F)
		for i := range v {
			v[i] = math.Float64frombits(binary.LittleEndian.Uint64(values[(h*T*F+i)*8:]))
			m[i] = math.IsNaN(v[i])
		}
		hosts[h] = HostFeatures{Instance: fmt.Sprintf("bench-%04d", h+1), GridStartMs: plan.FetchStartMs, Values: v, Missing: m}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := e.ScoreWith(context.Background(), hosts, startMs, endMs, riskQuery); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(shape.Hosts*240*b.N)/b.Elapsed().Seconds(), "host-steps/s")
}
