package model

import "math"

// FailureTrend is sentinel.json's failureTrend: straight lines through a limited feature's recent
// values, projected ahead, join the LSTM's forecast in the failure part (trendFailure.ts).
type FailureTrend struct {
	WindowSteps  int     `json:"windowSteps"`
	ProjectSteps int     `json:"projectSteps"`
	MinSigma     float64 `json:"minSigma"`
}

// lineFit is a least-squares line through the present points of one feature.
type lineFit struct {
	n                       int
	mx, my, sxx, slope, sse float64
}

// fitLine mirrors fitLine in trendFailure.ts: one pass of sums in the same order, in float64.
func fitLine(z []float64, missing []bool, F, f, first, last, k int) lineFit {
	var l lineFit
	sx, sy, sxx, sxy, syy := 0.0, 0.0, 0.0, 0.0, 0.0
	for j := first; j <= last; j++ {
		if !missing[j*F+f] {
			x, y := float64(j-k), z[j*F+f]
			l.n++
			sx += x
			sy += y
			sxx += x * x
			sxy += x * y
			syy += y * y
		}
	}
	if l.n == 0 {
		return l
	}
	n := float64(l.n)
	l.mx, l.my = sx/n, sy/n
	cxy := sxy - sx*l.my
	l.sxx = sxx - sx*l.mx
	if l.sxx > 0 {
		l.slope = cxy / l.sxx
	}
	l.sse = math.Max(0, syy-sy*l.my-l.slope*cxy)
	return l
}

// minHalfPoints: fewer present points than this in either half means no trend.
func (t *FailureTrend) minHalfPoints() int {
	return max(3, (t.WindowSteps+3)/4)
}

// probability is P(value at k + ProjectSteps >= limitZ) for feature f from the points
// k − WindowSteps + 1 … k of the chunk: two half-window lines, the smaller slope, the newer
// half's level and prediction interval (see trendFailure.ts for why).
func (t *FailureTrend) probability(z []float64, missing []bool, F, f, k int, limitZ float64) float64 {
	half := t.WindowSteps / 2
	older := fitLine(z, missing, F, f, max(0, k-2*half+1), k-half, k)
	newer := fitLine(z, missing, F, f, max(0, k-half+1), k, k)
	minPoints := t.minHalfPoints()
	if older.n < minPoints || newer.n < minPoints {
		return 0
	}
	slope := math.Min(older.slope, newer.slope)
	sigma := math.Max(math.Sqrt((older.sse+newer.sse)/float64(older.n+newer.n-4)), t.MinSigma)
	ahead := float64(t.ProjectSteps) - newer.mx
	mean := newer.my + slope*ahead
	spread := sigma * math.Sqrt(1+1/float64(newer.n)+(ahead*ahead)/newer.sxx)
	return 1 - NormalCDF((limitZ-mean)/spread)
}
