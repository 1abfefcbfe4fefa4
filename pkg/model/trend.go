package model

import "math"

// FailureTrend is sentinel.json's failureTrend: straight lines through a limited feature's recent
// values, projected ahead, join the LSTM's forecast in the failure part (trendFailure.ts).
type FailureTrend struct {
	WindowSteps  int     `json:"windowSteps"`
	ProjectSteps int     `json:"projectSteps"`
	MinSigma     float64 `json:"minSigma"`
	// SlopeCap: with both half-window lines rising, the slope is min(newer, SlopeCap·older),
	// otherwise the smaller of the two. At least 1; absent in models trained before it, which
	// means 1.
	SlopeCap *float64 `json:"slopeCap,omitempty"`
}

// slopeCap is SlopeCap with absent read as 1.
func (t *FailureTrend) slopeCap() float64 {
	if t.SlopeCap == nil {
		return 1
	}
	return *t.SlopeCap
}

// cappedOlderSlope is the older half's slope as math.Min meets the newer's in argumentAt:
// scaled by the cap where both rise (so a climb that speeds up counts up to that many times the
// older slope), as it is otherwise.
func cappedOlderSlope(older, newer, slopeCap float64) float64 {
	if older > 0 && newer > 0 {
		return float64(slopeCap * older)
	}
	return older
}

// lineFit is a least-squares line through the present points of one feature.
type lineFit struct {
	n                       float64
	mx, my, sxx, slope, sse float64
}

// trendPrefix fills p (at least 6·(rows+1)) with the prefix sums of feature f over a chunk's rows,
// present cells only — count, row index j, value y, j², j·y, y², each rows+1 long, entry r summing
// rows 0 … r−1 — and returns the used part. The same sums in the same order as trendPrefix in
// trendFailure.ts.
func trendPrefix(z []float64, missing []bool, F, f, rows int, p []float64) []float64 {
	L := rows + 1
	p = p[:6*L]
	for c := 0; c < 6; c++ {
		p[c*L] = 0
	}
	n, sj, sy, sjj, sjy, syy := 0.0, 0.0, 0.0, 0.0, 0.0, 0.0
	for r := 0; r < rows; r++ {
		if !missing[r*F+f] {
			y, j := z[r*F+f], float64(r)
			n += 1
			sj += j
			sy += y
			sjj += j * j
			sjy += j * y
			syy += y * y
		}
		p[r+1], p[L+r+1], p[2*L+r+1], p[3*L+r+1], p[4*L+r+1], p[5*L+r+1] = n, sj, sy, sjj, sjy, syy
	}
	return p
}

// fitLine is the least-squares line over the present points first … last (clipped at row 0)
// from the prefix sums, as fitLine in trendFailure.ts.
func fitLine(p []float64, first, last, k int) lineFit {
	L := len(p) / 6
	a := max(0, first)
	if last < a {
		return lineFit{}
	}
	b := last + 1
	n := p[b] - p[a]
	if n == 0 {
		return lineFit{}
	}
	sj := p[L+b] - p[L+a]
	sy := p[2*L+b] - p[2*L+a]
	sjj := p[3*L+b] - p[3*L+a]
	sjy := p[4*L+b] - p[4*L+a]
	syy := p[5*L+b] - p[5*L+a]
	mj, my := sj/n, sy/n
	cxx := sjj - float64(sj*mj)
	cxy := sjy - float64(sj*my)
	slope := 0.0
	if cxx > 0 {
		slope = cxy / cxx
	}
	return lineFit{n: n, mx: mj - float64(k), my: my, sxx: cxx, slope: slope, sse: mathMax(0, syy-float64(sy*my)-float64(slope*cxy))}
}

// minHalfPoints: fewer present points than this in either half means no trend.
func (t *FailureTrend) minHalfPoints() float64 {
	return float64(max(3, (t.WindowSteps+3)/4))
}

// probabilityAt is P(value at k + ProjectSteps >= limitZ) for the feature whose prefix sums p
// holds, from the chunk's present points k − 2·⌊WindowSteps/2⌋ + 1 … k: two half-window lines,
// the smaller slope (the older one capped, see cappedOlderSlope), the newer half's level and
// prediction interval (see trendFailure.ts).
func (t *FailureTrend) probabilityAt(p []float64, k int, limitZ float64) float64 {
	arg, ok := t.argumentAt(p, k, limitZ)
	if !ok {
		return 0
	}
	return 1 - NormalCDF(arg)
}

// argumentAt is probabilityAt's argument of NormalCDF, ok false where too few points make the
// probability 0 (computeFailure takes the normal CDFs of a whole chunk in one pass). The
// assembly (trend_amd64.s) computes the same for a run of steps; the explicit float64
// conversions here and in fitLine keep a GOAMD64=v3 build from fusing multiply-adds.
func (t *FailureTrend) argumentAt(p []float64, k int, limitZ float64) (arg float64, ok bool) {
	half := t.WindowSteps / 2
	older := fitLine(p, k-2*half+1, k-half, k)
	newer := fitLine(p, k-half+1, k, k)
	minPoints := t.minHalfPoints()
	if older.n < minPoints || newer.n < minPoints {
		return 0, false
	}
	slope := mathMin(cappedOlderSlope(older.slope, newer.slope, t.slopeCap()), newer.slope)
	sigma := mathMax(math.Sqrt((older.sse+newer.sse)/(older.n+newer.n-4)), t.MinSigma)
	ahead := float64(t.ProjectSteps) - newer.mx
	mean := newer.my + float64(slope*ahead)
	spread := sigma * math.Sqrt(1+1/newer.n+float64(ahead*ahead)/newer.sxx)
	return (limitZ - mean) / spread, true
}
