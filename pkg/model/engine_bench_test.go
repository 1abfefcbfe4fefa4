package model

import (
	"context"
	"math"
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
				values[t*F+f] = 0.4 + 0.3*math.Sin(float64(t+h)*0.05+float64(f))
			}
		}
		hosts[h] = HostFeatures{Instance: "h", GridStartMs: plan.FetchStartMs, Values: values, Missing: make([]bool, T*F)}
	}
	return hosts
}

// BenchmarkRisk1000HostsOneHour: the target, 1,000 hosts × 1 h at 15 s, upstream excluded.
func BenchmarkRisk1000HostsOneHour(b *testing.B) {
	// The shipped model: 100-tree forest, trained weights — what the backend will run.
	a, err := LoadArtifactDir("../../models/default")
	if err != nil {
		b.Fatal(err)
	}
	e, err := EngineFromArtifact(a)
	if err != nil {
		b.Fatal(err)
	}
	// One hour aligned to a chunk: 240 scored steps, 60 warm-up steps.
	startMs := int64(1767225600000)
	endMs := startMs + 3600_000 - e.StepMs()
	hosts := benchHosts(e, 1000, startMs, endMs)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := e.Score(context.Background(), hosts, startMs, endMs, false); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(1000*240*b.N)/b.Elapsed().Seconds(), "host-steps/s")
}
