package model

import (
	"math/rand/v2"
	"testing"
)

// StepLanes runs every sum in Step's order, so each lane must equal Step exactly, for any shape
// (odd output counts pad a block) and with lanes at different points of their sequences.
func TestStepLanesEqualsStepBitForBit(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for _, shape := range [][3]int{{14, 32, 42}, {3, 5, 9}, {1, 1, 1}, {7, 9, 21}} {
		F, U, O := shape[0], shape[1], shape[2]
		m := randomForecaster(F, U, O, rng)
		lanesState := m.NewLaneState()
		var single [lanes]LSTMState
		var xs, outs, want [lanes][]float64
		for l := range lanes {
			single[l] = m.NewState()
			xs[l], outs[l], want[l] = make([]float64, F), make([]float64, O), make([]float64, O)
		}
		gates := make([]float64, 4*U)
		for step := 0; step < 60; step++ {
			if step == 30 { // restart both, as the engine does per chunk
				lanesState.Reset()
				for l := range lanes {
					single[l].Reset()
				}
			}
			for l := range lanes {
				for f := range xs[l] {
					xs[l][f] = rng.NormFloat64() * float64(l+1)
				}
				m.Step(xs[l], single[l], gates, want[l])
			}
			m.StepLanes(xs, outs, lanesState)
			for l := range lanes {
				for o := range want[l] {
					if outs[l][o] != want[l][o] {
						t.Fatalf("shape %v step %d lane %d output %d: %v, Step gives %v", shape, step, l, o, outs[l][o], want[l][o])
					}
				}
				for u := range U {
					if lanesState.xh[F+u][l] != single[l].H[u] || lanesState.c[u][l] != single[l].C[u] {
						t.Fatalf("shape %v step %d lane %d unit %d: state differs from Step's", shape, step, l, u)
					}
				}
			}
		}
	}
}

// BenchmarkForecasterStepLanes: one step of lanes sequences of the shipped model's shape
// (compare with lanes × BenchmarkForecasterStep).
func BenchmarkForecasterStepLanes(b *testing.B) {
	m := randomForecaster(14, 32, 42, rand.New(rand.NewPCG(5, 6)))
	state := m.NewLaneState()
	var xs, outs [lanes][]float64
	for l := range lanes {
		xs[l], outs[l] = make([]float64, 14), make([]float64, 42)
		for i := range xs[l] {
			xs[l][i] = 0.1 * float64(i+l)
		}
	}
	for b.Loop() {
		m.StepLanes(xs, outs, state)
	}
}
