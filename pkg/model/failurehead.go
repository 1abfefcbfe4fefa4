package model

import (
	"fmt"
	"math"
)

// FailureHead is sentinel.json's optional "failureHead": gradient-boosted trees over the parts and
// the recent shape of each feature, trained on failure labels (src/model/failureHead in the
// TypeScript runtime, which this file mirrors). When a model has one, risk is its probability.
type FailureHead struct {
	Inputs           FailureHeadInputs `json:"inputs"`
	LabelWindowSteps int               `json:"labelWindowSteps"`
	Trees            BoostedTrees      `json:"trees"`
}

// FailureHeadInputs are the spans the head reads: slopes over SlopeSteps and the low and high of
// the last RangeSteps steps (the step itself included).
type FailureHeadInputs struct {
	SlopeSteps []int `json:"slopeSteps"`
	RangeSteps int   `json:"rangeSteps"`
}

// BoostedTrees is a sum of trees read as log-odds, starting from Bias.
type BoostedTrees struct {
	Features  int           `json:"features"`
	Bias      float64       `json:"bias"`
	Trees     []BoostedTree `json:"trees"`
	EarlyExit *EarlyExit    `json:"earlyExit,omitempty"`
}

// EarlyExit makes scoring a cascade (boostedTrees.ts): after the first Trees trees, a row whose
// log-odds is below BelowLogit stops there, and that partial sum is its log-odds. Training chooses
// it so that no row near an alert stops early (earlyExit.ts); most quiet rows walk a tenth of the trees.
type EarlyExit struct {
	Trees      int     `json:"trees"`
	BelowLogit float64 `json:"belowLogit"`
}

// BoostedTree holds its nodes as parallel arrays; node 0 is the root and a leaf has Feature -1.
// A row goes left when its input is <= Threshold, or, when the input is missing, when MissingLeft is 1.
type BoostedTree struct {
	Feature     []int     `json:"feature"`
	Threshold   []float64 `json:"threshold"`
	Left        []int     `json:"left"`
	Right       []int     `json:"right"`
	MissingLeft []int     `json:"missingLeft"`
	Value       []float64 `json:"value"`
}

const headParts = 4

func headFeatureCount(features int, in FailureHeadInputs) int {
	return headParts + features*(len(in.SlopeSteps)+3)
}

// validate applies the TypeScript schema's rules (failureHeadJson.ts): spans inside the chunk's
// warm-up, one input count, and trees whose inner nodes test an existing input and point only at
// later nodes, so that every walk ends at a leaf.
func (h *FailureHead) validate(features, warmupSteps int) error {
	finite := func(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
	if len(h.Inputs.SlopeSteps) == 0 {
		return fmt.Errorf("failureHead.inputs.slopeSteps: none")
	}
	for i, w := range h.Inputs.SlopeSteps {
		if w < 1 || w > warmupSteps {
			return fmt.Errorf("failureHead.inputs.slopeSteps.%d: %d must be in [1, streaming.warmupSteps (%d)]", i, w, warmupSteps)
		}
	}
	if h.Inputs.RangeSteps < 2 || h.Inputs.RangeSteps > warmupSteps+1 {
		return fmt.Errorf("failureHead.inputs.rangeSteps: %d must be in [2, streaming.warmupSteps + 1 (%d)]", h.Inputs.RangeSteps, warmupSteps+1)
	}
	if h.LabelWindowSteps < 1 {
		return fmt.Errorf("failureHead.labelWindowSteps: %d must be positive", h.LabelWindowSteps)
	}
	K := headFeatureCount(features, h.Inputs)
	if h.Trees.Features != K {
		return fmt.Errorf("failureHead.trees.features: %d; %d features and these spans give %d inputs", h.Trees.Features, features, K)
	}
	if !finite(h.Trees.Bias) || len(h.Trees.Trees) == 0 {
		return fmt.Errorf("failureHead.trees: bias must be finite and there must be at least one tree")
	}
	if x := h.Trees.EarlyExit; x != nil {
		if x.Trees < 1 || x.Trees >= len(h.Trees.Trees) {
			return fmt.Errorf("failureHead.trees.earlyExit.trees: %d must be in [1, %d) (the trees there are)", x.Trees, len(h.Trees.Trees))
		}
		if !finite(x.BelowLogit) {
			return fmt.Errorf("failureHead.trees.earlyExit.belowLogit: must be finite")
		}
	}
	for t, tree := range h.Trees.Trees {
		n := len(tree.Feature)
		if n == 0 || len(tree.Threshold) != n || len(tree.Left) != n || len(tree.Right) != n || len(tree.MissingLeft) != n || len(tree.Value) != n {
			return fmt.Errorf("failureHead.trees.trees.%d: every node array needs the same, non-zero length", t)
		}
		for i := 0; i < n; i++ {
			f := tree.Feature[i]
			switch {
			case f < -1 || f >= K:
				return fmt.Errorf("failureHead.trees.trees.%d.feature.%d: input %d; the head has %d", t, i, f, K)
			case f >= 0 && !(tree.Left[i] > i && tree.Left[i] < n && tree.Right[i] > i && tree.Right[i] < n):
				return fmt.Errorf("failureHead.trees.trees.%d.left.%d: children %d, %d must be later nodes of %d", t, i, tree.Left[i], tree.Right[i], n)
			case !finite(tree.Threshold[i]) || !finite(tree.Value[i]) || (tree.MissingLeft[i] != 0 && tree.MissingLeft[i] != 1):
				return fmt.Errorf("failureHead.trees.trees.%d node %d: threshold and value must be finite and missingLeft 0 or 1", t, i)
			}
		}
	}
	return nil
}

// headNode is one tree node in the packed forest: the fields a walk reads, together.
type headNode struct {
	threshold   float64
	value       float64
	feature     int32 // -1 at a leaf
	left, right int32 // absolute indices into the forest
	missingLeft bool
}

// headForest holds every tree's nodes in one slice, so a row's walk through all trees reads
// contiguous memory; built once, when the model loads.
type headForest struct {
	bias  float64
	roots []int32
	nodes []headNode
	// exitAfter trees (all without an early exit), then rows below exitBelow (-Inf: none) stop.
	exitAfter int
	exitBelow float64
}

func packHeadForest(b *BoostedTrees) *headForest {
	p := &headForest{bias: b.Bias, roots: make([]int32, len(b.Trees)), exitAfter: len(b.Trees), exitBelow: math.Inf(-1)}
	if b.EarlyExit != nil {
		p.exitAfter, p.exitBelow = b.EarlyExit.Trees, b.EarlyExit.BelowLogit
	}
	for t, tree := range b.Trees {
		base := int32(len(p.nodes))
		p.roots[t] = base
		for i := range tree.Feature {
			p.nodes = append(p.nodes, headNode{
				threshold: tree.Threshold[i], value: tree.Value[i], feature: int32(tree.Feature[i]),
				left: base + int32(tree.Left[i]), right: base + int32(tree.Right[i]), missingLeft: tree.MissingLeft[i] == 1,
			})
		}
	}
	return p
}

// reads says whether any node splits on input k.
func (p *headForest) reads(k int) bool {
	for _, n := range p.nodes {
		if int(n.feature) == k {
			return true
		}
	}
	return false
}

// logit is the head's log-odds for one row of inputs (NaN = missing), the trees summed in order
// as the TypeScript runtime sums them, stopping at the early exit as it does.
func (p *headForest) logit(row []float64) float64 {
	logit := p.treeSum(row, p.bias, p.roots[:p.exitAfter])
	if logit < p.exitBelow {
		return logit
	}
	return p.treeSum(row, logit, p.roots[p.exitAfter:])
}

// treeSum adds the trees at roots to logit for one row.
func (p *headForest) treeSum(row []float64, logit float64, roots []int32) float64 {
	nodes := p.nodes
	for _, root := range roots {
		n := &nodes[root]
		for n.feature >= 0 {
			v := row[n.feature]
			switch {
			case v <= n.threshold:
				n = &nodes[n.left]
			case v == v:
				n = &nodes[n.right]
			case n.missingLeft:
				n = &nodes[n.left]
			default:
				n = &nodes[n.right]
			}
		}
		logit += n.value
	}
	return logit
}

// headScratch holds one chunk's head inputs and the per-feature buffers that build them.
type headScratch struct {
	inputs, column, low, high []float64
	queue                     []int
}

func newHeadScratch(rows, features int, in FailureHeadInputs) *headScratch {
	return &headScratch{
		inputs: make([]float64, rows*headFeatureCount(features, in)),
		column: make([]float64, rows),
		low:    make([]float64, rows),
		high:   make([]float64, rows),
		queue:  make([]int, rows),
	}
}

// rollingExtremeInto writes the causal minimum (sign 1) or maximum (sign -1) of x over (t - span, t],
// skipping NaN, and NaN where the span holds no value: headFeatures.ts's monotone deque.
func rollingExtremeInto(x []float64, span int, sign float64, queue []int, out []float64) {
	head, tail := 0, 0
	for t, v := range x {
		if !math.IsNaN(v) {
			for tail > head && sign*x[queue[tail-1]] >= sign*v {
				tail--
			}
			queue[tail] = t
			tail++
		}
		for tail > head && queue[head] <= t-span {
			head++
		}
		if tail > head {
			out[t] = x[queue[head]]
		} else {
			out[t] = math.NaN()
		}
	}
}

// headInputs fills sc.inputs (rows × K) from a chunk's first rows: normalised values z with their
// missing flags and the smoothed parts, exactly as headFeatures.ts does.
func (h *FailureHead) headInputs(z []float64, missing []bool, F, rows int, smoothed []float64, sc *headScratch) []float64 {
	in := h.Inputs
	K := headFeatureCount(F, in)
	S := len(in.SlopeSteps)
	out := sc.inputs[:rows*K]
	column, low, high := sc.column[:rows], sc.low[:rows], sc.high[:rows]
	for t := 0; t < rows; t++ {
		copy(out[t*K:t*K+headParts], smoothed[t*headParts:(t+1)*headParts])
	}
	for j := 0; j < F; j++ {
		for t := 0; t < rows; t++ {
			if missing[t*F+j] {
				column[t] = math.NaN()
			} else {
				column[t] = z[t*F+j]
			}
		}
		rollingExtremeInto(column, in.RangeSteps, 1, sc.queue, low)
		rollingExtremeInto(column, in.RangeSteps, -1, sc.queue, high)
		for t := 0; t < rows; t++ {
			row := out[t*K : (t+1)*K]
			v := column[t]
			for s, w := range in.SlopeSteps {
				if t >= w {
					row[headParts+s*F+j] = (v - column[t-w]) / float64(w)
				} else {
					row[headParts+s*F+j] = math.NaN()
				}
			}
			row[headParts+S*F+j] = v
			row[headParts+(S+1)*F+j] = v - low[t]
			row[headParts+(S+2)*F+j] = high[t] - v
		}
	}
	return out
}
