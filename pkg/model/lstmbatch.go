package model

// Scoring many hosts is many independent sequences through the same LSTM, and the gate
// product is most of the time. StepLanes advances lanes sequences together so that every
// weight is loaded once for all of them: half the loads per multiply-add, and half the traffic
// from L2 (the shipped model's 46 × 128 gate weights, 47 KB, do not fit a 32 KB L1 cache).
// Every sum still runs in Step's order (bias, inputs, recurrent terms), so a lane's results
// are bit for bit those of Step.

// lanes is how many sequences StepLanes advances together.
const lanes = 2

// laneWidth is the outputs per block of the lane products. Two outputs × two lanes are four
// independent sums per input; wider blocks measured slower: the compiler computes all of an
// input's products before adding them, and eight sums plus their products spill to the stack.
const laneWidth = 2

// LaneState is the carried state of lanes sequences, element by element with the lanes side
// by side, so that the products read both lanes' inputs together.
type LaneState struct {
	// xh holds this step's inputs followed by h, as LSTMState.xh.
	xh [][lanes]float64
	c  [][lanes]float64
	// gates and dense are the products, padded to whole blocks.
	gates, dense [][lanes]float64
}

// NewLaneState returns the zero state of lanes sequences.
func (m *Forecaster) NewLaneState() *LaneState {
	return &LaneState{
		xh:    make([][lanes]float64, m.Features+m.Units),
		c:     make([][lanes]float64, m.Units),
		gates: make([][lanes]float64, len(m.gateBiasLanes)),
		dense: make([][lanes]float64, len(m.denseBiasLanes)),
	}
}

// Reset zeroes the state for the next chunk without allocating.
func (s *LaneState) Reset() {
	clear(s.xh)
	clear(s.c)
}

// packLanes prepares the lane layouts (packBlocks with laneWidth) from the Keras-ordered
// weights.
func (m *Forecaster) packLanes() {
	F, U, O := m.Features, m.Units, m.Outputs
	stacked := append(append([]float64(nil), m.kernel...), m.recurrent...) // (F+U) × 4U
	m.gateLanes = rowsOf(packBlocks(stacked, F+U, 4*U, laneWidth))
	m.gateBiasLanes = make([]float64, roundUp(4*U, laneWidth))
	copy(m.gateBiasLanes, m.lstmBias)
	m.denseLanes = rowsOf(packBlocks(m.denseKernel, U, O, laneWidth))
	m.denseBiasLanes = make([]float64, roundUp(O, laneWidth))
	copy(m.denseBiasLanes, m.denseBias)
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

// StepLanes advances every lane by one input row: lane l reads xs[l] (F values) and writes
// its O outputs into outs[l]. A lane nobody needs can be given any input and its outputs
// ignored.
func (m *Forecaster) StepLanes(xs, outs [lanes][]float64, s *LaneState) {
	F, U := m.Features, m.Units
	for l, x := range xs {
		for f, v := range x[:F] {
			s.xh[f][l] = v
		}
	}
	matVecLanes(m.gateLanes, m.gateBiasLanes, s.xh, s.gates)
	ig, fg, cg, og := s.gates[:U:U], s.gates[U:2*U:2*U], s.gates[2*U:3*U:3*U], s.gates[3*U:4*U:4*U]
	h, c := s.xh[F:][:U:U], s.c[:U:U]
	for u := range U {
		for l := range lanes {
			cu := sigmoid(fg[u][l])*c[u][l] + sigmoid(ig[u][l])*tanhLSTM(cg[u][l])
			c[u][l] = cu
			h[u][l] = sigmoid(og[u][l]) * tanhLSTM(cu)
		}
	}
	matVecLanes(m.denseLanes, m.denseBiasLanes, h, s.dense)
	for l, out := range outs {
		for o := range out[:m.Outputs] {
			out[o] = s.dense[o][l]
		}
	}
}

// matVecLanes computes, for both lanes, out[o][l] = bias[o] + Σ_k in[k][l]·W[k][o] for W
// packed by packLanes; out covers whole blocks. Each sum accumulates in a register in input
// order, as matVecBlocks does.
func matVecLanes(w [][laneWidth]float64, bias []float64, in, out [][lanes]float64) {
	K := len(in)
	for b := 0; b*laneWidth < len(bias); b++ {
		wb := w[b*K:][:K]
		// aOL: output O of the block, lane L.
		a00, a10 := bias[b*laneWidth], bias[b*laneWidth+1]
		a01, a11 := a00, a10
		for k := range wb {
			wk, v := &wb[k], &in[k]
			v0, v1 := v[0], v[1]
			a00 += wk[0] * v0
			a01 += wk[0] * v1
			a10 += wk[1] * v0
			a11 += wk[1] * v1
		}
		out[b*laneWidth] = [lanes]float64{a00, a01}
		out[b*laneWidth+1] = [lanes]float64{a10, a11}
	}
}
