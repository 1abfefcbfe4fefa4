//go:build !amd64 || purego

package model

// Without amd64 assembly (another architecture, or the purego build tag) every kernel is the
// pure-Go one.

func asmLanes() (k laneKernel, ok bool) { return laneKernel{}, false }

func activateAsm(xs []float64, ks []int64, act activation) int { return 0 }

func normalCDFAsm(xs []float64) int { return 0 }

func (t *FailureTrend) trendArgsAsm(p []float64, steps int, limitZ float64, args []float64, oks []uint64) (k0, n int) {
	return 0, 0
}

func cellUpdateAsm(c, tanhC, ig, fg, cg []float64) int { return 0 }

func productAsm(h [][lanes]float64, a, b []float64) int { return 0 }

func expDivAsm(xs, nums []float64) int { return 0 }
