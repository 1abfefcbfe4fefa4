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
