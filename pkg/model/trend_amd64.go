//go:build !purego

package model

import "math"

// trendArgsAVX2 is argumentAt for count consecutive steps from k0 (trend_amd64.s).
//
//go:noescape
func trendArgsAVX2(p []float64, rowLen, half, k0, count int, minPoints, minSigma, project, limitZ, slopeCap float64, args []float64, oks []uint64)

// trendConsts holds trendArgsAVX2's constants four times over; go_asm.h gives it the field
// offsets.
type trendConsts struct {
	offsets, one, four, negInf, posInf [4]float64
}

var trendVectors = trendConsts{
	offsets: [4]float64{0, 1, 2, 3}, one: four(1), four: four(4),
	negInf: four(math.Inf(-1)), posInf: four(math.Inf(1)),
}

// trendArgsAsm is argumentAt over the longest run of whole groups of four steps from
// k0 = 2·half − 1 (where no fit is clipped at row 0) that fits in steps, where the processor has
// AVX2: args[j] and oks[j] are step k0 + j's argument and ok. It returns k0 and the run's length
// (0 elsewhere).
func (t *FailureTrend) trendArgsAsm(p []float64, steps int, limitZ float64, args []float64, oks []uint64) (k0, n int) {
	half := t.WindowSteps / 2
	k0 = 2*half - 1
	if !hasAVX2 || half < 1 || steps <= k0 {
		return 0, 0
	}
	n = (steps - k0) &^ 3
	if n == 0 || len(p) < 6*(steps+1) {
		return 0, 0
	}
	trendArgsAVX2(p, steps+1, half, k0, n, t.minHalfPoints(), t.MinSigma, float64(t.ProjectSteps), limitZ, t.slopeCap(), args[:n], oks[:n])
	return k0, n
}
