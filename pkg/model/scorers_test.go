package model

import (
	"encoding/json"
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

// BenchmarkForestScoreRows: a forest over one chunk's rows (300 × 14): the shipped forest on
// smooth rows as in BenchmarkRisk1000HostsOneHour (neighbouring rows take the same paths) and
// on noise (they do not), and the golden artifact's forest on its first host's rows (the
// simulator's series, normalised).
func BenchmarkForestScoreRows(b *testing.B) {
	a, err := LoadArtifactDir("../../models/default")
	if err != nil {
		b.Fatal(err)
	}
	F := len(a.Meta.Features)
	f, err := ParseIsolationForest(a.Meta.IsolationForest, F)
	if err != nil {
		b.Fatal(err)
	}
	const rows = 300
	rng := rand.New(rand.NewPCG(19, 20))
	smooth, noisy, golden := make([]float64, rows*F), make([]float64, rows*F), make([]float64, rows*F)
	for r := 0; r < rows; r++ {
		for j := 0; j < F; j++ {
			smooth[r*F+j] = 0.3 * math.Sin(float64(r)*0.05+float64(j))
			noisy[r*F+j] = rng.NormFloat64()
		}
	}
	e, _, hosts := loadRiskGoldenDir(b, "risk")
	for i := range golden {
		golden[i] = normalise(e.Meta.Normalisation[i%F], hosts[0].Values[i], hosts[0].Missing[i])
	}
	out := make([]float64, rows)
	for _, c := range []struct {
		name   string
		forest *IsolationForest
		z      []float64
	}{{"smooth", f, smooth}, {"noisy", f, noisy}, {"golden", e.Isolation.(*IsolationForest), golden}} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				c.forest.ScoreRows(c.z, F, out)
			}
		})
	}
}

// A node reached from two parents is refused: the packed forest lays every subtree out once.
func TestParseIsolationForestRefusesSharedChildren(t *testing.T) {
	for _, tree := range []string{
		`{"feature":[0,-1],"threshold":[0.5,0],"left":[1,-1],"right":[1,-1],"size":[2,2]}`,
		`{"feature":[0,1,-1,-1],"threshold":[0.5,0.5,0,0],"left":[1,2,-1,-1],"right":[2,3,-1,-1],"size":[4,2,1,1]}`,
	} {
		raw := `{"kind":"isolation-forest","features":2,"sampleSize":4,"trees":[` + tree + `]}`
		if _, err := ParseIsolationForest([]byte(raw), 2); err == nil {
			t.Errorf("%s: accepted", tree)
		}
	}
	ok := `{"kind":"isolation-forest","features":2,"sampleSize":4,"trees":[{"feature":[0,1,-1,-1,-1],"threshold":[0.5,0.5,0,0,0],"left":[1,2,-1,-1,-1],"right":[4,3,-1,-1,-1],"size":[4,2,1,1,2]}]}`
	if _, err := ParseIsolationForest([]byte(ok), 2); err != nil {
		t.Errorf("a proper tree refused: %v", err)
	}
}

// Trees numbered breadth first (not the depth-first order the packed forest uses) score as the
// plain walk does, on noisy and on smooth rows, NaN included.
func TestIsolationForestPacksAnyNodeOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	const F = 3
	var trees []isolationTree
	for range 20 {
		// Grow breadth first: a queue of (node, depth), each split with probability 0.7 above depth 6.
		tree := isolationTree{Feature: []int{0}, Threshold: []float64{0}, Left: []int{-1}, Right: []int{-1}, Size: []int{1}}
		type item struct{ node, depth int }
		queue := []item{{0, 0}}
		for len(queue) > 0 {
			it := queue[0]
			queue = queue[1:]
			if it.depth >= 6 || rng.Float64() > 0.7 {
				tree.Feature[it.node] = -1
				tree.Size[it.node] = 1 + rng.IntN(5)
				continue
			}
			tree.Feature[it.node], tree.Threshold[it.node] = rng.IntN(F), rng.NormFloat64()
			for side := range 2 {
				child := len(tree.Feature)
				tree.Feature, tree.Threshold = append(tree.Feature, 0), append(tree.Threshold, 0)
				tree.Left, tree.Right, tree.Size = append(tree.Left, -1), append(tree.Right, -1), append(tree.Size, 1)
				if side == 0 {
					tree.Left[it.node] = child
				} else {
					tree.Right[it.node] = child
				}
				queue = append(queue, item{child, it.depth + 1})
			}
		}
		trees = append(trees, tree)
	}
	raw, err := json.Marshal(IsolationForest{Kind: "isolation-forest", Features: F, SampleSize: 64, Trees: trees})
	if err != nil {
		t.Fatal(err)
	}
	f, err := ParseIsolationForest(raw, F)
	if err != nil {
		t.Fatal(err)
	}
	// Noise, then a slow drift where neighbouring rows mostly share paths (ScoreRows walks
	// them together), with NaN now and then.
	rows := make([]float64, 500*F)
	for i := range rows {
		rows[i] = rng.NormFloat64()
		if i >= 250*F {
			rows[i] = math.Sin(float64(i/F)*0.03+float64(i%F)) + 0.01*rng.NormFloat64()
		}
		if i%29 == 0 {
			rows[i] = math.NaN()
		}
	}
	out := make([]float64, 500)
	f.ScoreRows(rows, F, out)
	for r := range out {
		if want := isolationScoreTextbook(f, rows[r*F:(r+1)*F]); out[r] != want || f.Score(rows[r*F:(r+1)*F], nil, 0) != want {
			t.Fatalf("row %d: ScoreRows %v, plain walk %v", r, out[r], want)
		}
	}
}
