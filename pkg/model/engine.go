package model

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"sync"
)

// HostFeatures is one host's raw features on the model's grid (row-major T × F), from GridStartMs.
type HostFeatures struct {
	Instance    string
	GridStartMs int64
	Values      []float64
	Missing     []bool
}

// Contribution is a feature's share of the positive evidence for risk at a step.
type Contribution struct {
	Feature string  `json:"feature"`
	Share   float64 `json:"share"`
}

// HostRisk is the risk of one host over the scored steps.
type HostRisk struct {
	Instance      string
	Risk          []float64
	Components    []float64 // steps × 4, smoothed, ComponentNames order
	Contributions [][]Contribution
	// FeatureShares is every feature's share of the positive evidence per step (steps × F, in
	// the model's feature order; a step without positive evidence is all zeros). Only filled
	// when ScoreOptions.FeatureShares asks for it.
	FeatureShares []float64
	Episodes      []AlertEpisode
}

// ScoreOptions says what Score computes beyond risk and components.
type ScoreOptions struct {
	// Contributions: the top 3 contributing features per step (as the TypeScript runtime).
	Contributions bool
	// FeatureShares: every feature's share per step (HostRisk.FeatureShares).
	FeatureShares bool
	// Alerting replaces the model's alert rule for the episodes; nil keeps the model's.
	Alerting *AlertingRule
	// SkipUnusedParts leaves out the Isolation Forest and the baseline where nothing reads them (the
	// calibration weighs them 0 and the failure head has no split on them): risk, contributions and
	// episodes are the same, those parts' components read 0. For risk queries; the components
	// output and explanations compute every part.
	SkipUnusedParts bool
}

// RiskResult is the risk of every host over one range.
type RiskResult struct {
	TimestampsMs []int64
	Hosts        []HostRisk
}

// Engine is a loaded model ready to score; safe for concurrent use (it holds no mutable state).
type Engine struct {
	Meta       *SentinelJSON
	Forecaster *Forecaster
	Isolation  RowScorer
	Baseline   RowScorer
	limits     []FailureLimit
	settle     []int
	norms      []normaliser // Meta.Normalisation, for normaliseChunk
	// lstm is the forecaster laid out for stepping hosts in lanes, with only the outputs that
	// computeChunkParts reads.
	lstm *LaneModel
	// head is Meta.FailureHead's trees packed for walking; nil without a head.
	head *headForest
	// isolationRead and baselineRead: whether risk reads that part (a calibration weight or a
	// split of the head on it); SkipUnusedParts leaves out the parts it does not.
	isolationRead, baselineRead bool
}

// NewEngine checks that the parts agree and precomputes the failure limits.
func NewEngine(meta *SentinelJSON, f *Forecaster, isolation, baseline RowScorer) (*Engine, error) {
	F := len(meta.Features)
	if f.Features != F || f.Outputs != 3*F || f.Units != meta.LSTM.Units {
		return nil, fmt.Errorf("the LSTM reads %d features with %d units and writes %d outputs; sentinel.json says %d features, %d units", f.Features, f.Units, f.Outputs, F, meta.LSTM.Units)
	}
	e := &Engine{Meta: meta, Forecaster: f, Isolation: isolation, Baseline: baseline}
	if meta.FailureHead != nil {
		e.head = packHeadForest(&meta.FailureHead.Trees)
	}
	e.isolationRead = meta.Calibration.Weights[ComponentIsolation] != 0 || (e.head != nil && e.head.reads(ComponentIsolation))
	e.baselineRead = meta.Calibration.Weights[ComponentBaseline] != 0 || (e.head != nil && e.head.reads(ComponentBaseline))
	settle, err := SettleSteps(meta.Features, meta.RateWindow, int64(meta.StepSeconds)*1000)
	if err != nil {
		return nil, err
	}
	e.settle = settle
	for _, n := range meta.Normalisation {
		e.norms = append(e.norms, normaliserOf(n))
	}
	for i, spec := range meta.Features {
		if spec.FailureLimit != nil {
			n := meta.Normalisation[i]
			e.limits = append(e.limits, FailureLimit{Feature: i, LimitZ: (transformValue(n.Unit, *spec.FailureLimit) - n.Mean) / n.Std})
		}
	}
	e.lstm = f.LanesFor(readOutputs(F, e.limits))
	return e, nil
}

// beyondFailureLimit says whether a feature with a failure limit is at or beyond it at row k.
func (e *Engine) beyondFailureLimit(z []float64, missing []bool, k, F int) bool {
	for _, l := range e.limits {
		if i := k*F + l.Feature; !missing[i] && z[i] >= l.LimitZ {
			return true
		}
	}
	return false
}

// readOutputs lists the LSTM outputs computeChunkParts reads: every next-step forecast (the
// residuals), and the horizon mean and log-variance of the features with a failure limit.
func readOutputs(F int, limits []FailureLimit) []int {
	outputs := make([]int, 0, F+2*len(limits))
	for f := 0; f < F; f++ {
		outputs = append(outputs, f)
	}
	for _, l := range limits {
		outputs = append(outputs, F+l.Feature)
	}
	for _, l := range limits {
		outputs = append(outputs, 2*F+l.Feature)
	}
	return outputs
}

// SettleSteps is, per feature, how many grid points AlignHosts leaves missing after a series
// starts inside the range (see SettleSteps); pass it to AlignHosts for upstream data.
func (e *Engine) SettleSteps() []int { return e.settle }

// StepMs is the model's grid step.
func (e *Engine) StepMs() int64 { return int64(e.Meta.StepSeconds) * 1000 }

// Plan is the chunk plan for a range (what to fetch, what gets scored).
func (e *Engine) Plan(startMs, endMs int64) (ChunkPlan, error) {
	return PlanChunks(e.StepMs(), e.Meta.Streaming, startMs, endMs)
}

// Score computes risk for every host over [startMs, endMs] under the shared warm-up rule:
// one zero-state LSTM pass per chunk (warm-up included), components, smoothing and calibration
// restarted per chunk, then alert episodes. Cells outside a host's data count as missing.
func (e *Engine) Score(ctx context.Context, hosts []HostFeatures, startMs, endMs int64, withContributions bool) (*RiskResult, error) {
	return e.ScoreWith(ctx, hosts, startMs, endMs, ScoreOptions{Contributions: withContributions})
}

// ScoreWith is Score with the extra outputs and alert rule of opts.
func (e *Engine) ScoreWith(ctx context.Context, hosts []HostFeatures, startMs, endMs int64, opts ScoreOptions) (*RiskResult, error) {
	plan, err := e.Plan(startMs, endMs)
	if err != nil {
		return nil, err
	}
	F := len(e.Meta.Features)
	stepMs := e.StepMs()
	S := int((plan.LastScoredMs-plan.FirstScoredMs)/stepMs) + 1
	res := &RiskResult{TimestampsMs: make([]int64, S), Hosts: make([]HostRisk, len(hosts))}
	for s := range res.TimestampsMs {
		res.TimestampsMs[s] = plan.FirstScoredMs + int64(s)*stepMs
	}
	rule := e.Meta.Alerting
	if opts.Alerting != nil {
		if err := opts.Alerting.Validate(); err != nil {
			return nil, err
		}
		rule = *opts.Alerting
	}
	for _, host := range hosts {
		if len(host.Values)%F != 0 || len(host.Missing) != len(host.Values) {
			return nil, fmt.Errorf("host %q: %d values and %d missing flags for %d features", host.Instance, len(host.Values), len(host.Missing), F)
		}
	}
	// Hosts are independent: score them on every core, each worker with its own scratch space,
	// lanes hosts at a time so that the LSTM steps them together (LaneModel.Step).
	groups := (len(hosts) + lanes - 1) / lanes
	workers := min(runtime.GOMAXPROCS(0), max(groups, 1))
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			scratch := e.newScratch()
			for g := range next {
				first, end := g*lanes, min((g+1)*lanes, len(hosts))
				e.scoreHosts(hosts[first:end], res.Hosts[first:end], plan, S, scratch, opts, rule)
			}
		}()
	}
	for g := 0; g < groups; g++ {
		if ctx.Err() != nil {
			break
		}
		next <- g
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return res, nil
}

type scratch struct {
	lane               [lanes]laneScratch
	state              *LaneState
	parts              chunkParts
	features, smoothed []float64
	perFeature, shares []float64
	head               *headScratch // nil without a failure head
}

// laneScratch is one lane's chunk: normalised inputs, missing flags and LSTM outputs (only the
// outputs e.lstm computes are ever written; the others stay 0).
type laneScratch struct {
	z, outputs []float64
	missing    []bool
}

func (e *Engine) newScratch() *scratch {
	F := len(e.Meta.Features)
	seqLen := e.Meta.Streaming.WarmupSteps + e.Meta.Streaming.ChunkSteps
	sc := &scratch{
		state: e.lstm.NewState(),
		parts: chunkParts{
			raw:              make([]float64, seqLen*4),
			residualSq:       make([]float64, seqLen*F),
			failureByFeature: make([]float64, seqLen*F),
			isolation:        make([]float64, seqLen),
			trendSums:        make([]float64, len(e.limits)*6*(seqLen+1)),
			failureCDF:       make([]float64, 2*seqLen*len(e.limits)),
			trendOK:          make([]bool, seqLen*len(e.limits)),
			trendArgs:        make([]float64, seqLen),
			trendArgOK:       make([]uint64, seqLen),
		},
		features:   make([]float64, seqLen*4),
		smoothed:   make([]float64, seqLen*4),
		perFeature: make([]float64, F),
		shares:     make([]float64, F),
	}
	if h := e.Meta.FailureHead; h != nil {
		sc.head = newHeadScratch(seqLen, F, h.Inputs)
	}
	for l := range sc.lane {
		sc.lane[l] = laneScratch{z: make([]float64, seqLen*F), missing: make([]bool, seqLen*F), outputs: make([]float64, seqLen*3*F)}
	}
	return sc
}

// scoreHosts scores up to lanes hosts into out, chunk by chunk: one zero-state LSTM pass per
// chunk (warm-up included) for all of them together, then per host the components, smoothing
// and calibration restarted per chunk.
func (e *Engine) scoreHosts(hosts []HostFeatures, out []HostRisk, plan ChunkPlan, S int, sc *scratch, opts ScoreOptions, rule AlertingRule) {
	F := len(e.Meta.Features)
	for i, host := range hosts {
		out[i] = HostRisk{Instance: host.Instance, Risk: make([]float64, S), Components: make([]float64, S*4)}
		if opts.Contributions {
			out[i].Contributions = make([][]Contribution, S)
		}
		if opts.FeatureShares {
			out[i].FeatureShares = make([]float64, S*F)
		}
	}
	for _, chunk := range plan.Chunks {
		// Steps after the chunk's last scored one feed nothing that is scored (the LSTM,
		// residuals and smoothing are causal): stop there.
		steps := e.Meta.Streaming.WarmupSteps + int((chunk.LastOutputMs-chunk.ChunkStartMs)/e.StepMs()) + 1
		for i, host := range hosts {
			e.normaliseChunk(host, chunk, steps, &sc.lane[i])
		}
		e.runLanes(steps, sc)
		for i := range hosts {
			e.scoreChunk(&out[i], plan, chunk, steps, &sc.lane[i], sc, opts)
		}
	}
	for i := range out {
		out[i].Episodes = AlertEpisodes(out[i].Risk, rule)
	}
}

// normaliseChunk fills the lane's inputs for the chunk's first steps; cells outside the
// host's data count as missing.
func (e *Engine) normaliseChunk(host HostFeatures, chunk Chunk, steps int, lane *laneScratch) {
	F := len(e.Meta.Features)
	T := len(host.Values) / F
	first := int((chunk.InputStartMs - host.GridStartMs) / e.StepMs())
	norms := e.norms[:F]
	for k := 0; k < steps; k++ {
		t := first + k
		z, missing := lane.z[k*F:(k+1)*F], lane.missing[k*F:(k+1)*F]
		if t < 0 || t >= T {
			clear(z)
			for f := range missing {
				missing[f] = true
			}
			continue
		}
		values, absent := host.Values[t*F:(t+1)*F], host.Missing[t*F:(t+1)*F]
		for f, n := range norms {
			if absent[f] {
				z[f], missing[f] = 0, true
				continue
			}
			// n.z(values[f]) written out: z and transformLogged are too large to inline, and two
			// calls per cell were a fifth of the normalisation's time.
			x := values[f]
			if n.logged {
				x = math.Log1p(mathMax(x, 0))
			}
			x = mathMin(mathMax((x-n.mean)/n.std, -zLimit), zLimit)
			// tfjs feeds the LSTM float32 inputs; rounding here keeps the runtimes on the same numbers.
			z[f], missing[f] = float64(float32(x)), false
		}
	}
}

// runLanes runs the LSTM from a zero state over the first steps of every lane's inputs. A lane
// without a host runs on whatever its buffers hold; its outputs are not read.
func (e *Engine) runLanes(steps int, sc *scratch) {
	F, O := len(e.Meta.Features), e.Forecaster.Outputs
	sc.state.Reset()
	var xs, outs [lanes][]float64
	for k := 0; k < steps; k++ {
		for l := range sc.lane {
			xs[l], outs[l] = sc.lane[l].z[k*F:(k+1)*F], sc.lane[l].outputs[k*O:(k+1)*O]
		}
		e.lstm.Step(xs, outs, sc.state)
	}
}

// scoreChunk turns one lane's LSTM outputs into the host's risk, components and contributions
// over the chunk's scored steps.
func (e *Engine) scoreChunk(out *HostRisk, plan ChunkPlan, chunk Chunk, steps int, lane *laneScratch, sc *scratch, opts ScoreOptions) {
	F := len(e.Meta.Features)
	stepMs := e.StepMs()
	z, missing := lane.z[:steps*F], lane.missing[:steps*F]
	// The worker's buffers, the per-step ones cut to this chunk (the scratch ones are sized for any).
	parts := sc.parts
	parts.raw, parts.residualSq, parts.failureByFeature = parts.raw[:steps*4], parts.residualSq[:steps*F], parts.failureByFeature[:steps*F]
	parts.isolation = parts.isolation[:steps]
	features, smoothed := sc.features[:steps*4], sc.smoothed[:steps*4]
	isolation, baseline := e.Isolation, e.Baseline
	if opts.SkipUnusedParts && !e.isolationRead {
		isolation = unusedPart{}
	}
	if opts.SkipUnusedParts && !e.baselineRead {
		baseline = unusedPart{}
	}
	computeChunkParts(&parts, z, missing, lane.outputs[:steps*3*F], F, e.limits, e.Meta.FailureTrend, isolation, baseline, chunk.InputStartMs, stepMs)
	calibrationFeatures(parts.raw, e.Meta.Calibration, features, smoothed)
	firstK := e.Meta.Streaming.WarmupSteps + int((chunk.FirstOutputMs-chunk.ChunkStartMs)/stepMs)
	count := int((chunk.LastOutputMs-chunk.FirstOutputMs)/stepMs) + 1
	firstS := int((chunk.FirstOutputMs - plan.FirstScoredMs) / stepMs)
	var headInputs []float64
	head := e.Meta.FailureHead
	if head != nil {
		// The head's spans fit in the warm-up (checked when the artifact loads), so the chunk's
		// own rows hold everything a scored step reads.
		headInputs = head.headInputs(z, missing, F, steps, smoothed, sc.head)
	}
	for j := 0; j < count; j++ {
		k, s := firstK+j, firstS+j
		if head != nil && e.beyondFailureLimit(z, missing, k, F) {
			// Failing now: the head calls a failed host not *about* to fail (headRiskOrFailing in
			// riskEngine.ts), which would show a host at 99 % of its file descriptors as low risk.
			out.Risk[s] = 1
		} else if head != nil {
			K := head.Trees.Features
			out.Risk[s] = logistic(e.head.logit(headInputs[k*K : (k+1)*K]))
		} else {
			out.Risk[s] = riskAt(features, k, e.Meta.Calibration)
		}
		copy(out.Components[s*4:(s+1)*4], smoothed[k*4:(k+1)*4])
		if opts.Contributions || opts.FeatureShares {
			perFeature := e.featureSharesAt(k, F, features, &parts, z, missing, chunk.InputStartMs+int64(k)*stepMs, sc)
			if opts.FeatureShares {
				copy(out.FeatureShares[s*F:(s+1)*F], perFeature)
			}
			if opts.Contributions {
				out.Contributions[s] = e.topContributions(perFeature, 3)
			}
		}
	}
}
