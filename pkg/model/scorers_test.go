package model

import (
	"math"
	"math/rand/v2"
	"testing"
)

// isolationScoreTextbook walks the serialised trees as src/model/iforest does.
func isolationScoreTextbook(f *IsolationForest, row []float64) float64 {
	total := 0.0
	for _, tree := range f.Trees {
		i, depth := 0, 0
		for tree.Feature[i] >= 0 {
			if row[tree.Feature[i]] <= tree.Threshold[i] {
				i = tree.Left[i]
			} else {
				i = tree.Right[i]
			}
			depth++
		}
		total += float64(depth) + averagePathLength(tree.Size[i])
	}
	return math.Exp2(-(total / float64(len(f.Trees))) / averagePathLength(f.SampleSize))
}

// The packed forest gives exactly the numbers of a plain walk over the serialised trees, NaN
// included, row by row (Score) and a chunk at a time (ScoreRows).
func TestIsolationForestPackedEqualsThePlainWalk(t *testing.T) {
	a, err := LoadArtifactDir("../../models/default")
	if err != nil {
		t.Fatal(err)
	}
	F := len(a.Meta.Features)
	f, err := ParseIsolationForest(a.Meta.IsolationForest, F)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(11, 12))
	const rows = 200
	z := make([]float64, rows*F)
	for i := range z {
		z[i] = rng.NormFloat64() * 1.5
		switch i % 37 {
		case 0:
			z[i] = 0
		case 5:
			z[i] = math.NaN()
		}
	}
	// ScoreRows over every row count up to a few blocks (partial blocks included).
	batch := make([]float64, rows)
	for _, n := range []int{rows, 1, forestRowBlock, forestRowBlock + 1, 2*forestRowBlock - 1} {
		f.ScoreRows(z[:n*F], F, batch)
		for r := 0; r < n; r++ {
			row := z[r*F : (r+1)*F]
			want := isolationScoreTextbook(f, row)
			if got := f.Score(row, nil, 0); got != want {
				t.Fatalf("row %d: Score %v, plain walk %v", r, got, want)
			}
			if batch[r] != want {
				t.Fatalf("row %d of %d: ScoreRows %v, plain walk %v", r, n, batch[r], want)
			}
		}
	}
}
