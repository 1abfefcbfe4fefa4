package model

import (
	"math"
	"math/rand/v2"
	"testing"
)

// randomForecaster is a network of any shape, with its blocked layout, for checking Step
// against the textbook LSTM equations (shapes that are not multiples of the block width too).
func randomForecaster(F, U, O int, rng *rand.Rand) *Forecaster {
	r := func(n int) []float64 {
		w := make([]float64, n)
		for i := range w {
			w[i] = rng.NormFloat64() * 0.3
		}
		return w
	}
	m := &Forecaster{Features: F, Units: U, Outputs: O, kernel: r(F * 4 * U), recurrent: r(U * 4 * U), lstmBias: r(4 * U), denseKernel: r(U * O), denseBias: r(O)}
	m.pack()
	return m
}

// stepTextbook is the LSTM step as Keras defines it, written plainly.
func stepTextbook(m *Forecaster, x, h, c []float64) (hNew, cNew, out []float64) {
	U := m.Units
	z := append([]float64(nil), m.lstmBias...)
	for j := range z {
		for f, xv := range x {
			z[j] += xv * m.kernel[f*4*U+j]
		}
		for u, hv := range h {
			z[j] += hv * m.recurrent[u*4*U+j]
		}
	}
	sig := func(v float64) float64 { return 1 / (1 + math.Exp(-v)) }
	hNew, cNew = make([]float64, U), make([]float64, U)
	for u := 0; u < U; u++ {
		cNew[u] = sig(z[U+u])*c[u] + sig(z[u])*math.Tanh(z[2*U+u])
		hNew[u] = sig(z[3*U+u]) * math.Tanh(cNew[u])
	}
	out = append([]float64(nil), m.denseBias...)
	for o := range out {
		for u := 0; u < U; u++ {
			out[o] += hNew[u] * m.denseKernel[u*m.Outputs+o]
		}
	}
	return hNew, cNew, out
}

func TestStepEqualsTheTextbookLSTM(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, shape := range [][3]int{{14, 32, 42}, {3, 5, 9}, {1, 1, 1}, {7, 9, 21}} {
		F, U, O := shape[0], shape[1], shape[2]
		m := randomForecaster(F, U, O, rng)
		state := m.NewState()
		h, c := make([]float64, U), make([]float64, U)
		gates, out := make([]float64, 4*U), make([]float64, O)
		worst := 0.0
		for step := 0; step < 50; step++ {
			x := make([]float64, F)
			for i := range x {
				x[i] = rng.NormFloat64()
				if i%4 == 0 {
					x[i] = 0 // missing features are zeros; Step must not treat them specially
				}
			}
			m.Step(x, state, gates, out)
			var want []float64
			h, c, want = stepTextbook(m, x, h, c)
			for i := range want {
				worst = math.Max(worst, math.Abs(out[i]-want[i]))
			}
			for u := range h {
				worst = math.Max(worst, math.Max(math.Abs(state.H[u]-h[u]), math.Abs(state.C[u]-c[u])))
			}
		}
		if worst > 1e-12 {
			t.Errorf("shape %v: Step differs from the textbook LSTM by %.3g", shape, worst)
		}
	}
}

func TestStateResetStartsAgainFromZero(t *testing.T) {
	m := randomForecaster(4, 8, 12, rand.New(rand.NewPCG(3, 4)))
	state := m.NewState()
	gates, first, again := make([]float64, 32), make([]float64, 12), make([]float64, 12)
	x := []float64{1, -1, 0.5, 2}
	m.Step(x, state, gates, first)
	m.Step(x, state, gates, again)
	state.Reset()
	m.Step(x, state, gates, again)
	for i := range first {
		if first[i] != again[i] {
			t.Fatalf("output %d: %v after Reset, %v from a new state", i, again[i], first[i])
		}
	}
}

func TestSigmoidExtremes(t *testing.T) {
	for x, want := range map[float64]float64{-1000: 0, 1000: 1, 0: 0.5} {
		if got := sigmoid(x); got != want || math.IsNaN(got) {
			t.Errorf("sigmoid(%v) = %v, want %v", x, got, want)
		}
	}
}

// BenchmarkForecasterStep: one LSTM(32) + dense step of the shipped model's shape.
func BenchmarkForecasterStep(b *testing.B) {
	m := randomForecaster(14, 32, 42, rand.New(rand.NewPCG(5, 6)))
	state := m.NewState()
	gates, out := make([]float64, 128), make([]float64, 42)
	x := make([]float64, 14)
	for i := range x {
		x[i] = 0.1 * float64(i)
	}
	for b.Loop() {
		m.Step(x, state, gates, out)
	}
}
