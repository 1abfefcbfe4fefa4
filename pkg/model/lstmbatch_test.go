package model

import (
	"math/rand/v2"
	"testing"
)

// LaneModel.Step runs every sum in Step's order, so each lane must equal Step exactly, for any
// shape (odd output counts pad a block), with lanes at different points of their sequences,
// for all outputs and for a subset in any order (the others left alone), with every kernel.
func TestStepLanesEqualsStepBitForBit(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for _, shape := range [][3]int{{14, 32, 42}, {3, 5, 9}, {1, 1, 1}, {7, 9, 21}} {
		F, U, O := shape[0], shape[1], shape[2]
		m := randomForecaster(F, U, O, rng)
		all := make([]int, O)
		for o := range all {
			all[o] = o
		}
		subset := rng.Perm(O)[:(O+1)/2]
		for name, kernel := range laneKernels() {
			for _, outputs := range [][]int{all, subset} {
				checkLanesEqualStep(t, name, m.lanesWith(outputs, kernel), m, outputs, rng)
			}
		}
	}
}

func checkLanesEqualStep(t *testing.T, kernel string, lm *LaneModel, m *Forecaster, outputs []int, rng *rand.Rand) {
	t.Helper()
	F, U, O := m.Features, m.Units, m.Outputs
	shape := [3]int{F, U, O}
	chosen := make([]bool, O)
	for _, o := range outputs {
		chosen[o] = true
	}
	lanesState := lm.NewState()
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
		for l := range lanes {
			for o := range outs[l] {
				outs[l][o] = -7 // a value Step never gives, to see untouched slots
			}
		}
		lm.Step(xs, outs, lanesState)
		for l := range lanes {
			for o := range want[l] {
				if !chosen[o] {
					if outs[l][o] != -7 {
						t.Fatalf("%s kernel, shape %v outputs %v: output %d was not asked for but written", kernel, shape, outputs, o)
					}
					continue
				}
				if outs[l][o] != want[l][o] {
					t.Fatalf("%s kernel, shape %v step %d lane %d output %d: %v, Step gives %v", kernel, shape, step, l, o, outs[l][o], want[l][o])
				}
			}
			for u := range U {
				if lanesState.xh[F+u][l] != single[l].H[u] || lanesState.c[u*lanes+l] != single[l].C[u] {
					t.Fatalf("%s kernel, shape %v step %d lane %d unit %d: state differs from Step's", kernel, shape, step, l, u)
				}
			}
		}
	}
}

// BenchmarkForecasterStepLanes: one step of lanes sequences of the shipped model's shape, with
// the outputs the engine reads (compare with lanes × BenchmarkForecasterStep).
func BenchmarkForecasterStepLanes(b *testing.B) {
	m := randomForecaster(14, 32, 42, rand.New(rand.NewPCG(5, 6)))
	limits := []FailureLimit{{Feature: 2}, {Feature: 3}, {Feature: 5}, {Feature: 8}, {Feature: 11}}
	lm := m.LanesFor(readOutputs(14, limits))
	state := lm.NewState()
	var xs, outs [lanes][]float64
	for l := range lanes {
		xs[l], outs[l] = make([]float64, 14), make([]float64, 42)
		for i := range xs[l] {
			xs[l][i] = 0.1 * float64(i+l)
		}
	}
	for b.Loop() {
		lm.Step(xs, outs, state)
	}
}
