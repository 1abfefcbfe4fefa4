package model

import (
	"encoding/json"
	"fmt"
	"math"
)

// isolationTree mirrors src/model/iforest (serialise.ts): flat arrays, feature −1 marks a leaf.
type isolationTree struct {
	Feature   []int     `json:"feature"`
	Threshold []float64 `json:"threshold"`
	Left      []int     `json:"left"`
	Right     []int     `json:"right"`
	Size      []int     `json:"size"`
}

// IsolationForest scores rows by how quickly random splits isolate them (Liu et al. 2008).
type IsolationForest struct {
	Kind       string          `json:"kind"`
	Features   int             `json:"features"`
	SampleSize int             `json:"sampleSize"`
	Trees      []isolationTree `json:"trees"`
	packed     packedForest
}

// packedForest holds all trees as one array of nodes with each leaf's path length (depth +
// c(size)) precomputed, as src/model/iforest/scoring.ts does. The nodes are in depth-first
// order, so a split's left child is the next node and only the right one is stored: a 16-byte
// node, and the step left (most steps, when the branch predicts) costs no load.
type packedForest struct {
	roots []int32
	nodes []packedNode
}

// packedNode is a split (feature ≥ 0: go left, to the next node, when x <= value, else to
// right) or a leaf (feature −1: value is the leaf's path length).
type packedNode struct {
	value   float64
	feature int32
	right   int32
}

func (f *IsolationForest) pack() {
	p := &f.packed
	for _, tree := range f.Trees {
		p.roots = append(p.roots, int32(len(p.nodes)))
		p.packTree(tree, 0, 0)
	}
}

// packTree appends serialised node i at depth and its subtree, left subtree first.
func (p *packedForest) packTree(tree isolationTree, i, depth int) {
	at := len(p.nodes)
	if tree.Feature[i] < 0 {
		p.nodes = append(p.nodes, packedNode{value: float64(depth) + averagePathLength(tree.Size[i]), feature: -1})
		return
	}
	p.nodes = append(p.nodes, packedNode{value: tree.Threshold[i], feature: int32(tree.Feature[i])})
	p.packTree(tree, tree.Left[i], depth+1)
	p.nodes[at].right = int32(len(p.nodes))
	p.packTree(tree, tree.Right[i], depth+1)
}

const eulerGamma = 0.5772156649015329

// averagePathLength is c(n), the mean path length of an unsuccessful BST search over n points.
func averagePathLength(n int) float64 {
	switch {
	case n <= 1:
		return 0
	case n == 2:
		return 1
	}
	return 2*(math.Log(float64(n-1))+eulerGamma) - 2*float64(n-1)/float64(n)
}

// ParseIsolationForest reads sentinel.json's isolationForest and checks every node.
func ParseIsolationForest(raw json.RawMessage, features int) (*IsolationForest, error) {
	var f IsolationForest
	if err := json.Unmarshal(raw, &f); err != nil {
		return nil, fmt.Errorf("isolationForest: %w", err)
	}
	if f.Kind != "isolation-forest" || f.Features != features || f.SampleSize < 2 || len(f.Trees) == 0 {
		return nil, fmt.Errorf("isolationForest: expected kind \"isolation-forest\" over %d features with trees", features)
	}
	for t, tree := range f.Trees {
		n := len(tree.Feature)
		if len(tree.Threshold) != n || len(tree.Left) != n || len(tree.Right) != n || len(tree.Size) != n || n == 0 {
			return nil, fmt.Errorf("isolationForest.trees.%d: arrays of different lengths", t)
		}
		// Every node is some node's child at most once: a tree, not a graph (pack copies each
		// node's subtree once per way to reach it).
		parents := make([]int, n)
		for i := 0; i < n; i++ {
			fi := tree.Feature[i]
			if fi >= features || (fi >= 0 && (math.IsNaN(tree.Threshold[i]) || math.IsInf(tree.Threshold[i], 0) ||
				tree.Left[i] <= i || tree.Right[i] <= i || tree.Left[i] >= n || tree.Right[i] >= n)) {
				return nil, fmt.Errorf("isolationForest.trees.%d node %d is malformed", t, i)
			}
			if fi >= 0 {
				parents[tree.Left[i]]++
				parents[tree.Right[i]]++
				if parents[tree.Left[i]] > 1 || parents[tree.Right[i]] > 1 {
					return nil, fmt.Errorf("isolationForest.trees.%d node %d shares a child with another node", t, i)
				}
			}
		}
	}
	f.pack()
	return &f, nil
}

// Score is 2^(−mean path length / c(sampleSize)) as scoreBatch in src/model/iforest computes it:
// x <= threshold goes left (scikit-learn's rule), path = depth + c(leaf size), summed over trees.
func (f *IsolationForest) Score(row []float64, _ []bool, _ int64) float64 {
	total := 0.0
	for _, root := range f.packed.roots {
		total += f.packed.walk(root, row)
	}
	return math.Exp2(-(total / float64(len(f.packed.roots))) / averagePathLength(f.SampleSize))
}

// forestRowBlock is how many rows ScoreRows takes through each tree before the next tree:
// the block's rows (7 KB at 14 features) stay in L1 while the forest (about 250 KB for the
// shipped model) streams through once per block instead of once per row.
const forestRowBlock = 64

// forestGroupParts is how many groups of a block may part on their way down a tree before
// ScoreRows walks the block's other rows one by one: on noisy rows, where groups part near
// the root, walking them together first only adds work.
const forestGroupParts = 2

// ScoreRows scores consecutive rows (row-major, F values each) into out (one value per row),
// the same numbers as Score row by row: each row's path lengths are summed in tree order.
// Taking a block of rows through one tree at a time keeps that tree's nodes in L1, and
// neighbouring rows of a host's series mostly follow the same path, so the branches predict
// well, where a row through all trees misses the cache and the predictor at every level.
// Four neighbouring rows go down each tree together while they agree (walkTogether): one
// walk, with a branch per node, instead of four.
func (f *IsolationForest) ScoreRows(rows []float64, F int, out []float64) {
	n := len(rows) / F
	totals := out[:n]
	clear(totals)
	p := &f.packed
	for start := 0; start < n; start += forestRowBlock {
		block := totals[start:min(start+forestRowBlock, n)]
		blockRows := rows[start*F : (start+len(block))*F]
		for _, root := range p.roots {
			r, parts := 0, 0
			for ; r+4 <= len(block) && parts < forestGroupParts; r += 4 {
				x := blockRows[r*F : (r+4)*F]
				i := p.walkTogether(root, x, F)
				if leaf := &p.nodes[i]; leaf.feature < 0 {
					for j := range 4 {
						block[r+j] += leaf.value
					}
					continue
				}
				parts++
				for j := range 4 {
					block[r+j] += p.walk(i, x[j*F:(j+1)*F])
				}
			}
			for ; r < len(block); r++ {
				block[r] += p.walk(root, blockRows[r*F:(r+1)*F])
			}
		}
	}
	trees, c := float64(len(p.roots)), averagePathLength(f.SampleSize)
	for r, total := range totals {
		totals[r] = math.Exp2(-(total / trees) / c)
	}
}

// walk is the path length of row from node i down.
func (p *packedForest) walk(i int32, row []float64) float64 {
	nodes := p.nodes
	for nodes[i].feature >= 0 {
		if row[nodes[i].feature] <= nodes[i].value {
			i++
		} else {
			i = nodes[i].right
		}
	}
	return nodes[i].value
}

// walkTogether takes the four rows of x (F values each) down from node i while they go the
// same way, and returns the leaf they reach or the split where they part.
func (p *packedForest) walkTogether(i int32, x []float64, F int) int32 {
	nodes := p.nodes
	x = x[:4*F]
	for {
		nd := &nodes[i]
		f := int(nd.feature)
		if f < 0 {
			return i
		}
		v := nd.value
		a, b, c, d := x[f] <= v, x[F+f] <= v, x[2*F+f] <= v, x[3*F+f] <= v
		switch {
		case a && b && c && d:
			i++
		case !(a || b || c || d):
			i = nd.right
		default:
			return i
		}
	}
}

// Shares: the forest has no per-feature attribution; the engine uses z² instead.
func (f *IsolationForest) Shares(row []float64, missing []bool, _ int64, out []float64) {
	for i := range out {
		out[i] = 0
		if !missing[i] {
			out[i] = row[i] * row[i]
		}
	}
}

// RobustBaseline mirrors robustBaseline.ts: per-feature median and MAD of normalised rows.
type RobustBaseline struct {
	Kind   string    `json:"kind"`
	Median []float64 `json:"median"`
	MAD    []float64 `json:"mad"`
}

// ParseRobustBaseline reads sentinel.json's baseline.
func ParseRobustBaseline(raw json.RawMessage, features int) (*RobustBaseline, error) {
	var b RobustBaseline
	if err := json.Unmarshal(raw, &b); err != nil {
		return nil, fmt.Errorf("baseline: %w", err)
	}
	if !isRobustKind(b.Kind) || len(b.Median) != features || len(b.MAD) != features {
		return nil, fmt.Errorf("baseline: expected kind \"robust-baseline\" with %d medians and MADs", features)
	}
	for i := range b.MAD {
		if !(b.MAD[i] > 0) || math.IsInf(b.MAD[i], 0) || math.IsNaN(b.Median[i]) || math.IsInf(b.Median[i], 0) {
			return nil, fmt.Errorf("baseline: feature %d needs a finite median and a positive MAD", i)
		}
	}
	return &b, nil
}

func (b *RobustBaseline) deviationSq(row []float64, missing []bool, f int) float64 {
	if missing[f] {
		return 0
	}
	d := (row[f] - b.Median[f]) / b.MAD[f]
	return d * d
}

// Score is the root mean square of robust z over present features.
func (b *RobustBaseline) Score(row []float64, missing []bool, _ int64) float64 {
	sum, present := 0.0, 0
	for f := range b.Median {
		if !missing[f] {
			sum += b.deviationSq(row, missing, f)
			present++
		}
	}
	if present == 0 {
		return 0
	}
	return math.Sqrt(sum / float64(present))
}

// Shares writes each feature's part of the sum of squares.
func (b *RobustBaseline) Shares(row []float64, missing []bool, _ int64, out []float64) {
	sum := 0.0
	for f := range b.Median {
		out[f] = b.deviationSq(row, missing, f)
		sum += out[f]
	}
	for f := range out {
		if sum > 0 {
			out[f] /= sum
		} else {
			out[f] = 0
		}
	}
}

// EngineFromArtifact builds the scoring engine with the artifact's forest and baseline.
func EngineFromArtifact(a *Artifact) (*Engine, error) {
	F := len(a.Meta.Features)
	forest, err := ParseIsolationForest(a.Meta.IsolationForest, F)
	if err != nil {
		return nil, &ArtifactError{a.Meta.Name + " " + a.Meta.Version, err.Error()}
	}
	baseline, err := ParseBaseline(a.Meta.Baseline, F)
	if err != nil {
		return nil, &ArtifactError{a.Meta.Name + " " + a.Meta.Version, err.Error()}
	}
	return NewEngine(a.Meta, a.Forecaster, forest, baseline)
}
