package model

import "math"

// Component indices, in the order calibration weights are stored (COMPONENTS in componentScores.ts).
const (
	ComponentFailure = iota
	ComponentResidual
	ComponentIsolation
	ComponentBaseline
	componentCount
)

// ComponentNames are the components as the API names them.
var ComponentNames = [componentCount]string{"failure", "residual", "isolation", "baseline"}

const (
	logvarMin = -6
	logvarMax = 4
)

// FailureLimit is a failure condition in normalised units.
type FailureLimit struct {
	Feature int
	LimitZ  float64
}

// RowScorer scores one row of normalised features (Isolation Forest, baselines). timeMs is the
// row's grid time (ms since the epoch); only the seasonal baseline reads it.
type RowScorer interface {
	Score(row []float64, missing []bool, timeMs int64) float64
	// Shares writes the per-feature share of the score into out (all 0 when it has none).
	Shares(row []float64, missing []bool, timeMs int64, out []float64)
}

// unusedPart stands in for a part nothing reads (Engine's SkipUnusedParts): every score 0, nothing
// computed, as the TypeScript runtime's UNUSED_PART.
type unusedPart struct{}

func (unusedPart) Score([]float64, []bool, int64) float64               { return 0 }
func (unusedPart) Shares(_ []float64, _ []bool, _ int64, out []float64) { clear(out) }
func (unusedPart) ScoreRows(_ []float64, _ int, out []float64)          { clear(out) }

// rowsScorer is a RowScorer that also scores a chunk's rows at once (the same numbers as
// Score row by row, faster); scorers that read the time or missing flags do not qualify.
type rowsScorer interface {
	ScoreRows(rows []float64, F int, out []float64)
}

// chunkComponents mirrors componentScores.ts: per input step of a chunk, the raw failure
// probability, residual RMS, isolation and baseline scores, plus per-feature evidence.
type chunkParts struct {
	raw              []float64 // steps × 4
	residualSq       []float64 // steps × F
	failureByFeature []float64 // steps × F
	isolation        []float64 // steps: scratch for a rowsScorer's scores
	trendSums        []float64 // limits × 6·(steps+1): the failure trend's prefix sums
	// failureCDF is scratch for computeFailure: steps × limits × 2 normal CDFs (the forecast's
	// and the trend's); trendOK says which trend CDFs count.
	failureCDF []float64
	trendOK    []bool
	// trendArgs and trendArgOK: one limit's trend arguments and oks from the assembly
	// (trendArgsAsm), steps long.
	trendArgs  []float64
	trendArgOK []uint64
}

// computeChunkParts fills p (sized for the chunk: steps×4, steps×F, steps×F, steps), so a worker can
// reuse one set of buffers for every chunk it scores. Row k's grid time is startMs + k·stepMs.
func computeChunkParts(p *chunkParts, z []float64, missing []bool, outputs []float64, F int, limits []FailureLimit, trend *FailureTrend, isolation, baseline RowScorer, startMs, stepMs int64) {
	steps := len(z) / F
	O := 3 * F
	clear(p.raw)
	clear(p.residualSq)
	clear(p.failureByFeature)
	batch, isBatch := isolation.(rowsScorer)
	if isBatch {
		batch.ScoreRows(z, F, p.isolation[:steps])
	}
	computeFailure(p, z, missing, outputs, F, limits, trend)
	for k := 0; k < steps; k++ {
		row := z[k*F : (k+1)*F]
		rowMissing := missing[k*F : (k+1)*F]
		sumSq, present := 0.0, 0
		if k > 0 {
			for f := 0; f < F; f++ {
				if rowMissing[f] {
					continue
				}
				r := row[f] - outputs[(k-1)*O+f]
				p.residualSq[k*F+f] = r * r
				sumSq += r * r
				present++
			}
		}
		if present > 0 {
			p.raw[k*4+ComponentResidual] = math.Sqrt(sumSq / float64(present))
		}
		timeMs := startMs + int64(k)*stepMs
		if isBatch {
			p.raw[k*4+ComponentIsolation] = p.isolation[k]
		} else {
			p.raw[k*4+ComponentIsolation] = isolation.Score(row, rowMissing, timeMs)
		}
		p.raw[k*4+ComponentBaseline] = baseline.Score(row, rowMissing, timeMs)
	}
}

// computeFailure fills p.failureByFeature (the limited features' columns) and the failure
// component of p.raw, per step the largest of the limits' probabilities: the forecast's
// P(value >= limit) under its mean and log-variance, at least the trend's, 1 at or over the
// limit. It works in passes over the chunk (as activate does): the normal CDFs' arguments,
// then the CDFs, then the maxima. Every step and limit is independent, but one body per pair
// (two CDFs, two line fits, three exponentials, square roots and divisions) is more than the
// processor's window overlaps, so each pair waited on its own chain of latencies.
func computeFailure(p *chunkParts, z []float64, missing []bool, outputs []float64, F int, limits []FailureLimit, trend *FailureTrend) {
	steps, L, O := len(z)/F, len(limits), 3*F
	n := steps * L
	if len(p.failureCDF) < 2*n || len(p.trendOK) < n {
		p.failureCDF, p.trendOK = make([]float64, 2*n), make([]bool, n)
	}
	forecast, trendCDF, trendOK := p.failureCDF[:n], p.failureCDF[n:2*n], p.trendOK[:n]
	// (limitZ − mean) / e^(logvar/2), the exponentials and divisions in one pass (expDivs), with
	// trendCDF, not yet used, holding the numerators.
	for k := 0; k < steps; k++ {
		for i, l := range limits {
			mean := outputs[k*O+F+l.Feature]
			logvar := mathMin(mathMax(outputs[k*O+2*F+l.Feature], logvarMin), logvarMax)
			trendCDF[k*L+i], forecast[k*L+i] = l.LimitZ-mean, 0.5*logvar
		}
	}
	expDivs(forecast, trendCDF)
	normalCDFs(forecast)
	clear(trendOK)
	if trend != nil {
		trendSize := 6 * (steps + 1)
		if len(p.trendSums) < L*trendSize {
			p.trendSums = make([]float64, L*trendSize)
		}
		if len(p.trendArgs) < steps {
			p.trendArgs, p.trendArgOK = make([]float64, steps), make([]uint64, steps)
		}
		for i, l := range limits {
			sums := trendPrefix(z, missing, F, l.Feature, steps, p.trendSums[i*trendSize:(i+1)*trendSize])
			// The assembly takes a run of steps k0 … k0+m−1 (all of them but the first few and
			// the last three at most), argumentAt the rest.
			k0, m := trend.trendArgsAsm(sums, steps, l.LimitZ, p.trendArgs[:steps], p.trendArgOK[:steps])
			for k := 0; k < steps; k++ {
				if !missing[k*F+l.Feature] && z[k*F+l.Feature] >= l.LimitZ {
					trendCDF[k*L+i] = 0 // at the limit: the trend is not asked
					continue
				}
				if j := k - k0; j >= 0 && j < m {
					trendCDF[k*L+i], trendOK[k*L+i] = p.trendArgs[j], p.trendArgOK[j] != 0
					continue
				}
				trendCDF[k*L+i], trendOK[k*L+i] = trend.argumentAt(sums, k, l.LimitZ)
			}
		}
		normalCDFs(trendCDF)
	}
	for k := 0; k < steps; k++ {
		failure := 0.0
		for i, l := range limits {
			prob := 1 - forecast[k*L+i]
			if !missing[k*F+l.Feature] && z[k*F+l.Feature] >= l.LimitZ {
				prob = 1
			} else if trend != nil {
				trendProb := 0.0
				if trendOK[k*L+i] {
					trendProb = 1 - trendCDF[k*L+i]
				}
				prob = mathMax(prob, trendProb)
			}
			p.failureByFeature[k*F+l.Feature] = prob
			failure = mathMax(failure, prob)
		}
		p.raw[k*4+ComponentFailure] = failure
	}
}

// expDivs replaces every x in xs with nums[i] / expLSTM(x). Where the processor has AVX2 the
// assembly takes whole groups of four (expDivAsm) and the Go loop any rest; both give the same
// bits.
func expDivs(xs, nums []float64) {
	n := expDivAsm(xs, nums)
	nums = nums[:len(xs)]
	for i := n; i < len(xs); i++ {
		xs[i] = nums[i] / expLSTM(xs[i])
	}
}

// normalCDFs replaces every x in xs with NormalCDF(x). Where the processor has AVX2 the
// assembly takes whole groups of four (normalCDFAsm) and NormalCDF any rest; both give the same
// bits.
func normalCDFs(xs []float64) {
	n := normalCDFAsm(xs)
	for i, x := range xs[n:] {
		xs[n+i] = NormalCDF(x)
	}
}

// NormalCDF's constants (the assembly reads them too, normalcdf_amd64.go).
const (
	normalP  = 0.3275911
	normalA1 = 0.254829592
	normalA2 = -0.284496736
	normalA3 = 1.421413741
	normalA4 = -1.453152027
	normalA5 = 1.061405429
)

// NormalCDF is Abramowitz & Stegun 7.1.26, term by term as normalCdf.ts computes it. The
// explicit float64 conversions keep every product rounded on its own, as the assembly rounds
// it: without them a GOAMD64=v3 build fuses multiply-adds.
func NormalCDF(x float64) float64 {
	z := math.Abs(x) / math.Sqrt2
	t := 1 / (1 + float64(normalP*z))
	poly := t * (normalA1 + float64(t*(normalA2+float64(t*(normalA3+float64(t*(normalA4+float64(t*normalA5))))))))
	// The table exponential (activations.go): within a few ulps of math.Exp at a third of its cost;
	// the failure part calls this ten times per host and step.
	erf := 1 - float64(poly*expLSTM(-z*z))
	if x >= 0 {
		return 0.5 * (1 + erf)
	}
	return 0.5 * (1 - erf)
}

func logistic(x float64) float64 {
	if x >= 0 {
		return 1 / (1 + math.Exp(-x))
	}
	e := math.Exp(x)
	return e / (1 + e)
}

func clippedLogit(p float64) float64 {
	const eps = 1e-4
	q := mathMin(mathMax(p, eps), 1-eps)
	return math.Log(q / (1 - q))
}
