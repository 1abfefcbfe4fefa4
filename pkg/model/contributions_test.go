package model

import (
	"context"
	"math"
	"testing"
)

// Every step's feature shares sum to 1 (or are all 0), and the top 3 of them are exactly the
// contributions the golden vectors check against the TypeScript runtime.
func TestFeatureSharesAgreeWithTopContributions(t *testing.T) {
	e, v, hosts := loadRiskGolden(t)
	res, err := e.ScoreWith(context.Background(), hosts, v.StartMs, v.EndMs, ScoreOptions{Contributions: true, FeatureShares: true})
	if err != nil {
		t.Fatal(err)
	}
	F := len(e.Meta.Features)
	positive := 0
	for _, h := range res.Hosts {
		if len(h.FeatureShares) != len(res.TimestampsMs)*F {
			t.Fatalf("%s: %d shares for %d steps × %d features", h.Instance, len(h.FeatureShares), len(res.TimestampsMs), F)
		}
		for s := range res.TimestampsMs {
			shares := h.FeatureShares[s*F : (s+1)*F]
			sum := 0.0
			for _, x := range shares {
				if x < 0 {
					t.Fatalf("%s step %d: negative share %v", h.Instance, s, x)
				}
				sum += x
			}
			if sum != 0 && math.Abs(sum-1) > 1e-12 {
				t.Fatalf("%s step %d: shares sum to %v", h.Instance, s, sum)
			}
			if sum > 0 {
				positive++
			}
			top := TopContributions(e.Meta.Features, shares, 3)
			if len(top) != len(h.Contributions[s]) {
				t.Fatalf("%s step %d: top %v, contributions %v", h.Instance, s, top, h.Contributions[s])
			}
			for i := range top {
				if top[i] != h.Contributions[s][i] {
					t.Fatalf("%s step %d: top %v, contributions %v", h.Instance, s, top, h.Contributions[s])
				}
			}
		}
	}
	if positive == 0 {
		t.Fatal("no step has positive evidence; the test proves nothing")
	}
}

func TestTopContributionsOrderAndCut(t *testing.T) {
	features := []FeatureSpec{{Name: "a"}, {Name: "b"}, {Name: "c"}, {Name: "d"}}
	got := TopContributions(features, []float64{0.2, 0, 0.5, 0.3}, 2)
	if len(got) != 2 || got[0] != (Contribution{"c", 0.5}) || got[1] != (Contribution{"d", 0.3}) {
		t.Fatalf("top 2 = %v", got)
	}
	if got := TopContributions(features, []float64{0, 0, 0, 0}, 3); got != nil {
		t.Fatalf("no positive share: %v, want nil", got)
	}
}

// Without FeatureShares the engine does not allocate them (the alerting path stays lean).
func TestFeatureSharesOnlyWhenAsked(t *testing.T) {
	e, v, hosts := loadRiskGolden(t)
	res, err := e.ScoreWith(context.Background(), hosts, v.StartMs, v.EndMs, ScoreOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Hosts[0].FeatureShares != nil || res.Hosts[0].Contributions != nil {
		t.Fatal("shares or contributions computed without being asked for")
	}
}
