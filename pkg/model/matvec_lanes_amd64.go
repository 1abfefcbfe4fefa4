//go:build !purego

package model

// matVecLanesAVX2 is laneKernel.mul for width 4 (matvec_lanes_amd64.s); it trusts its
// arguments, which avx2Lanes checks.
//
//go:noescape
func matVecLanesAVX2(w, bias []float64, in [][lanes]float64, out []float64)

// avx2Lanes checks what the assembly would otherwise read or write out of bounds.
func avx2Lanes(m *laneMatrix, in [][lanes]float64, out []float64) {
	if len(m.bias)%4 != 0 || len(m.w) < len(m.bias)*len(in) || len(out) < len(m.bias)*lanes {
		panic("model: lane product with mismatched shapes")
	}
	matVecLanesAVX2(m.w, m.bias, in, out)
}

// asmLanes is the assembly lane kernel, ok where this processor runs it.
func asmLanes() (k laneKernel, ok bool) {
	return laneKernel{width: 4, mul: avx2Lanes}, hasAVX2
}
