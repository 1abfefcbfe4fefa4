package model

// Scoring many hosts is many independent sequences through the same LSTM, and the gate
// product is most of the time. LaneModel.Step advances lanes sequences together so that
// every weight is loaded once for all of them: half the loads per multiply-add, and half the
// traffic from L2 (the shipped model's 46 × 128 gate weights, 47 KB, do not fit a 32 KB L1
// cache). Every sum still runs in Step's order (bias, inputs, recurrent terms) and the
// activations are Step's, so a lane's results are bit for bit those of Step.

// lanes is how many sequences LaneModel.Step advances together.
const lanes = 2

// laneWidth is the outputs per block of the lane products: three outputs × two lanes are six
// independent sums per input. The adds of one sum wait on each other (3 cycles each), so six
// chains keep two adders busy where four left them a third idle. Wider blocks are slower: the
// compiler schedules all of an input's products before their adds, and eight products plus
// eight sums do not fit the 15 usable floating-point registers, so they spill to the stack.
const laneWidth = 3

// LaneModel is a forecaster laid out for lane stepping, computing only the outputs asked for:
// the engine reads every forecast but the horizon mean and log-variance of the features with
// a failure limit only, so the dense layer skips the rest.
type LaneModel struct {
	features, units int
	// gates: the stacked kernel and recurrent weights ((F+U) × 4U) in blocks of laneWidth
	// outputs (packBlocks); dense: the chosen columns of the dense kernel, the same way.
	gates, dense        [][laneWidth]float64
	gateBias, denseBias []float64 // padded to whole blocks
	outputs             []int     // dense column j is output outputs[j]
}

// LaneState is the carried state of lanes sequences, element by element with the lanes side
// by side (element i of lane l at i·lanes + l), so that the products read both lanes' inputs
// together.
type LaneState struct {
	// xh holds this step's inputs followed by h, as LSTMState.xh.
	xh [][lanes]float64
	c  []float64
	// gates and dense are the products, padded to whole blocks; tanhC is scratch for tanh(c),
	// ks the activations' scratch.
	gates, dense, tanhC []float64
	ks                  []int64
}

// LanesFor lays the forecaster out for LaneModel.Step, computing the given outputs (indices
// below Outputs); Step leaves the other outputs' slots untouched.
func (m *Forecaster) LanesFor(outputs []int) *LaneModel {
	F, U, O := m.Features, m.Units, m.Outputs
	stacked := append(append([]float64(nil), m.kernel...), m.recurrent...) // (F+U) × 4U
	dense := make([]float64, U*len(outputs))
	for u := 0; u < U; u++ {
		for j, o := range outputs {
			dense[u*len(outputs)+j] = m.denseKernel[u*O+o]
		}
	}
	lm := &LaneModel{
		features:  F,
		units:     U,
		gates:     rowsOf(packBlocks(stacked, F+U, 4*U, laneWidth)),
		gateBias:  make([]float64, roundUp(4*U, laneWidth)),
		dense:     rowsOf(packBlocks(dense, U, len(outputs), laneWidth)),
		denseBias: make([]float64, roundUp(len(outputs), laneWidth)),
		outputs:   append([]int(nil), outputs...),
	}
	copy(lm.gateBias, m.lstmBias)
	for j, o := range outputs {
		lm.denseBias[j] = m.denseBias[o]
	}
	return lm
}

// NewState returns the zero state of lanes sequences.
func (lm *LaneModel) NewState() *LaneState {
	return &LaneState{
		xh:    make([][lanes]float64, lm.features+lm.units),
		c:     make([]float64, lm.units*lanes),
		tanhC: make([]float64, lm.units*lanes),
		ks:    make([]int64, 2*lm.units*lanes),
		gates: make([]float64, len(lm.gateBias)*lanes),
		dense: make([]float64, len(lm.denseBias)*lanes),
	}
}

// Reset zeroes the state for the next chunk without allocating.
func (s *LaneState) Reset() {
	clear(s.xh)
	clear(s.c)
}

// rowsOf regroups a packed matrix as its rows of laneWidth weights.
func rowsOf(w []float64) [][laneWidth]float64 {
	rows := make([][laneWidth]float64, len(w)/laneWidth)
	for i := range rows {
		copy(rows[i][:], w[i*laneWidth:])
	}
	return rows
}

func roundUp(n, multiple int) int { return (n + multiple - 1) / multiple * multiple }

// Step advances every lane by one input row: lane l reads xs[l] (F values) and writes the
// chosen outputs into outs[l] (indexed as the full output row). A lane nobody needs can be
// given any input and its outputs ignored.
func (lm *LaneModel) Step(xs, outs [lanes][]float64, s *LaneState) {
	F, U := lm.features, lm.units
	for l, x := range xs {
		for f, v := range x[:F] {
			s.xh[f][l] = v
		}
	}
	matVecLanes(lm.gates, lm.gateBias, s.xh, s.gates)
	// The activations a gate at a time, then the cell update, then tanh(c) and h: as Step
	// computes them, value for value.
	n := U * lanes
	activate(s.gates[:2*n], s.ks, sigmoidAct) // input and forget gates
	activate(s.gates[2*n:3*n], s.ks, tanhAct)
	activate(s.gates[3*n:4*n], s.ks, sigmoidAct) // output gate
	c, tanhC := s.c[:n], s.tanhC[:n]
	ig, fg, cg, og := s.gates[:n][:len(c)], s.gates[n : 2*n][:len(c)], s.gates[2*n : 3*n][:len(c)], s.gates[3*n : 4*n][:len(c)]
	for i := range c {
		cu := fg[i]*c[i] + ig[i]*cg[i]
		c[i], tanhC[i] = cu, cu
	}
	activate(tanhC, s.ks, tanhAct)
	h := s.xh[F:][:U]
	for u := range h {
		o, t := og[u*lanes:][:lanes], tanhC[u*lanes:][:lanes]
		for l := range lanes {
			h[u][l] = o[l] * t[l]
		}
	}
	matVecLanes(lm.dense, lm.denseBias, h, s.dense)
	for l, out := range outs {
		for j, o := range lm.outputs {
			out[o] = s.dense[j*lanes+l]
		}
	}
}

// matVecLanes computes, for both lanes, out[o·lanes + l] = bias[o] + Σ_k in[k][l]·W[k][o] for W
// packed by packBlocks with laneWidth; out covers whole blocks. Each sum accumulates in a
// register in input order, as matVecBlocks does.
func matVecLanes(w [][laneWidth]float64, bias []float64, in [][lanes]float64, out []float64) {
	K := len(in)
	for b := 0; b*laneWidth < len(bias); b++ {
		wb := w[b*K:][:K]
		bb := bias[b*laneWidth:][:laneWidth]
		// aOL: output O of the block, lane L.
		a00, a10, a20 := bb[0], bb[1], bb[2]
		a01, a11, a21 := a00, a10, a20
		for k := range wb {
			wk, v := &wb[k], &in[k]
			v0, v1 := v[0], v[1]
			a00 += wk[0] * v0
			a01 += wk[0] * v1
			a10 += wk[1] * v0
			a11 += wk[1] * v1
			a20 += wk[2] * v0
			a21 += wk[2] * v1
		}
		o := out[b*laneWidth*lanes:][:laneWidth*lanes]
		o[0], o[1], o[2], o[3], o[4], o[5] = a00, a01, a10, a11, a20, a21
	}
}
