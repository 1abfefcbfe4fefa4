package model

import (
	"math"
	"math/rand/v2"
	"testing"
)

// sameValue is bit-for-bit equality, except that any NaN equals any NaN. Go does not say which
// NaN an operation on two NaNs gives (the compiler may swap an addition's operands, and x86
// returns the first one's), so the pure-Go code's NaN signs and payloads vary with the build
// (the race detector's, for one); NaN stays NaN everywhere.
func sameValue(a, b float64) bool {
	return math.Float64bits(a) == math.Float64bits(b) || (math.IsNaN(a) && math.IsNaN(b))
}

// laneKernels is every lane kernel this build and processor runs, the pure-Go one first.
func laneKernels() map[string]laneKernel {
	kernels := map[string]laneKernel{"go": goLanes}
	if k, ok := asmLanes(); ok {
		kernels["asm"] = k
	}
	return kernels
}

// Every kernel gives the pure-Go kernel's bits (sameValue), for shapes around the block widths
// (the assembly's 16, 8 and 4 outputs, Go's 3), no inputs at all, and values from tiny to huge
// with Inf and NaN among them.
func TestLaneKernelsEqualGoBitForBit(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	value := func() float64 {
		switch rng.IntN(40) {
		case 0:
			return math.Inf(1 - 2*rng.IntN(2))
		case 1:
			return math.NaN()
		case 2:
			return rng.NormFloat64() * 1e300
		case 3:
			return rng.NormFloat64() * 1e-300
		case 4:
			return 0
		}
		return rng.NormFloat64()
	}
	for name, kernel := range laneKernels() {
		for outputs := 1; outputs <= 41; outputs++ {
			for _, inputs := range []int{0, 1, 2, 5, 14, 46} {
				w, bias := make([]float64, inputs*outputs), make([]float64, outputs)
				for i := range w {
					w[i] = value()
				}
				for i := range bias {
					bias[i] = value()
				}
				in := make([][lanes]float64, inputs)
				for k := range in {
					for l := range in[k] {
						in[k][l] = value()
					}
				}
				want, got := lanesProduct(goLanes, w, bias, in), lanesProduct(kernel, w, bias, in)
				for o := 0; o < outputs; o++ {
					for l := 0; l < lanes; l++ {
						if !sameValue(got[o][l], want[o][l]) {
							t.Fatalf("%s kernel, %d inputs × %d outputs: output %d lane %d is %v, Go gives %v", name, inputs, outputs, o, l, got[o][l], want[o][l])
						}
					}
				}
			}
		}
	}
}

// lanesProduct runs a kernel on a row-major inputs × len(bias) matrix, output by output.
func lanesProduct(kernel laneKernel, w, bias []float64, in [][lanes]float64) [][lanes]float64 {
	m := kernel.pack(w, bias, len(in))
	out := make([]float64, len(m.bias)*lanes)
	kernel.mul(&m, in, out)
	res := make([][lanes]float64, len(bias))
	for o := range res {
		for l := range res[o] {
			res[o][l] = out[o*lanes+l]
		}
	}
	return res
}

// BenchmarkLaneKernels: the shipped model's gate product (46 inputs × 128 outputs) by each
// kernel.
func BenchmarkLaneKernels(b *testing.B) {
	rng := rand.New(rand.NewPCG(13, 14))
	w, bias := make([]float64, 46*128), make([]float64, 128)
	for i := range w {
		w[i] = rng.NormFloat64()
	}
	in := make([][lanes]float64, 46)
	for name, kernel := range laneKernels() {
		m := kernel.pack(w, bias, len(in))
		out := make([]float64, len(m.bias)*lanes)
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				kernel.mul(&m, in, out)
			}
		})
	}
}
