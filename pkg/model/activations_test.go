package model

import (
	"math"
	"math/rand/v2"
	"testing"
)

// The LSTM's activations replace math.Exp and math.Tanh; they must agree with them to within
// rounding over the range gate inputs take, and keep the limits at the extremes.
func TestActivationsAgreeWithTheStandardLibrary(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	worstExp, worstTanh, worstSigmoid := 0.0, 0.0, 0.0
	for i := 0; i < 200000; i++ {
		x := (rng.Float64()*2 - 1) * 700
		if i%2 == 0 {
			x /= 100 // most gate inputs are small
		}
		worstExp = math.Max(worstExp, math.Abs(expLSTM(x)-math.Exp(x))/math.Exp(x))
		worstTanh = math.Max(worstTanh, math.Abs(tanhLSTM(x)-math.Tanh(x)))
		worstSigmoid = math.Max(worstSigmoid, math.Abs(sigmoid(x)-1/(1+math.Exp(-x))))
	}
	if worstExp > 1e-15 || worstTanh > 1e-15 || worstSigmoid > 1e-15 {
		t.Errorf("relative error of exp %.3g, absolute error of tanh %.3g and sigmoid %.3g", worstExp, worstTanh, worstSigmoid)
	}
	for x, want := range map[float64]float64{0: 1, 1: math.E, -800: 0, -1000: 0, 800: math.Inf(1), math.Inf(1): math.Inf(1), math.Inf(-1): 0} {
		if got := expLSTM(x); got != want {
			t.Errorf("expLSTM(%v) = %v, want %v", x, got, want)
		}
	}
	if !math.IsNaN(expLSTM(math.NaN())) || !math.IsNaN(tanhLSTM(math.NaN())) {
		t.Error("NaN must stay NaN")
	}
	for x, want := range map[float64]float64{0: 0, 30: 1, -30: -1, 1000: 1, -1000: -1} {
		if got := tanhLSTM(x); got != want {
			t.Errorf("tanhLSTM(%v) = %v, want %v", x, got, want)
		}
	}
}

// activate (the assembly where the processor has AVX2, for whole groups of four) gives
// activateGo's bits (sameValue) for every length, including values at and past the clamps, the
// edges of the exponent range (where e^x turns subnormal, 0 or Inf), ±0, ±Inf and NaN.
func TestActivateEqualsGoBitForBit(t *testing.T) {
	if _, ok := asmLanes(); !ok {
		t.Log("no assembly on this build or processor: activate is activateGo")
	}
	rng := rand.New(rand.NewPCG(15, 16))
	special := []float64{0, math.Copysign(0, -1), math.Inf(1), math.Inf(-1), math.NaN(), -math.NaN(),
		800, -800, 800.5, -1e300, 1e300, 354.89, 354.9, -354.4, -354.5, 709.78, -709.1, -745.2, 5e-324, -1e-310,
		math.Float64frombits(0x7ff0000000000123), math.Float64frombits(0xfff8000012345678)}
	for _, act := range []activation{sigmoidAct, tanhAct, {scale: 1, a: 0, b: -1}} {
		for n := 0; n <= 70; n++ {
			xs := mixedValues(rng, n, special, 900)
			got, want := append([]float64(nil), xs...), append([]float64(nil), xs...)
			ks := make([]int64, n)
			activate(got, ks, act)
			activateGo(want, ks, act)
			for i := range xs {
				if !sameValue(got[i], want[i]) {
					t.Fatalf("%+v, %d values: act(%v) is %v (%#x), activateGo gives %v (%#x)", act, n, xs[i], got[i], math.Float64bits(got[i]), want[i], math.Float64bits(want[i]))
				}
			}
		}
	}
}

// BenchmarkActivate: one gate of lanes sequences of the shipped model (32 units), by activate
// and by activateGo.
func BenchmarkActivate(b *testing.B) {
	xs, ks, in := make([]float64, 32*lanes), make([]int64, 32*lanes), make([]float64, 32*lanes)
	for i := range in {
		in[i] = float64(i%9) - 4
	}
	for name, f := range map[string]func([]float64, []int64, activation){"activate": activate, "go": activateGo} {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				copy(xs, in)
				f(xs, ks, tanhAct)
			}
		})
	}
}

// mixedValues draws n inputs for a kernel-versus-Go test: a quarter of them edge values from
// special, a quarter uniform in ±spread, the rest normal with σ = 3.
func mixedValues(rng *rand.Rand, n int, special []float64, spread float64) []float64 {
	xs := make([]float64, n)
	for i := range xs {
		switch rng.IntN(4) {
		case 0:
			xs[i] = special[rng.IntN(len(special))]
		case 1:
			xs[i] = (rng.Float64()*2 - 1) * spread
		default:
			xs[i] = rng.NormFloat64() * 3
		}
	}
	return xs
}
