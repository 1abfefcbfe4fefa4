package model

// Scoring many hosts is many independent sequences through the same LSTM, and the gate
// product is most of the time. LaneModel.Step advances lanes sequences together so that
// every weight is loaded once for all of them: half the loads per multiply-add, and half the
// traffic from L2 (the shipped model's 46 × 128 gate weights, 47 KB, do not fit a 32 KB L1
// cache). Every sum still runs in Step's order (bias, inputs, recurrent terms) and the
// activations are Step's, so a lane's results are bit for bit those of Step.

// lanes is how many sequences LaneModel.Step advances together.
const lanes = 2

// LaneModel is a forecaster laid out for lane stepping, computing only the outputs asked for:
// the engine reads every forecast but the horizon mean and log-variance of the features with
// a failure limit only, so the dense layer skips the rest.
type LaneModel struct {
	features, units int
	// kernel computes the products; gates (the stacked kernel and recurrent weights,
	// (F+U) × 4U) and dense (the chosen columns of the dense kernel) are packed for it.
	kernel       laneKernel
	gates, dense laneMatrix
	outputs      []int // dense column j is output outputs[j]
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
// below Outputs); Step leaves the other outputs' slots untouched. It uses the fastest kernel
// the processor runs (bestLanes); all give the same bits.
func (m *Forecaster) LanesFor(outputs []int) *LaneModel {
	return m.lanesWith(outputs, bestLanes())
}

// lanesWith is LanesFor with the given kernel (the tests compare them).
func (m *Forecaster) lanesWith(outputs []int, kernel laneKernel) *LaneModel {
	F, U, O := m.Features, m.Units, m.Outputs
	stacked := append(append([]float64(nil), m.kernel...), m.recurrent...) // (F+U) × 4U
	dense := make([]float64, U*len(outputs))
	for u := 0; u < U; u++ {
		for j, o := range outputs {
			dense[u*len(outputs)+j] = m.denseKernel[u*O+o]
		}
	}
	denseBias := make([]float64, len(outputs))
	for j, o := range outputs {
		denseBias[j] = m.denseBias[o]
	}
	return &LaneModel{
		features: F,
		units:    U,
		kernel:   kernel,
		gates:    kernel.pack(stacked, m.lstmBias, F+U),
		dense:    kernel.pack(dense, denseBias, U),
		outputs:  append([]int(nil), outputs...),
	}
}

// NewState returns the zero state of lanes sequences.
func (lm *LaneModel) NewState() *LaneState {
	return &LaneState{
		xh:    make([][lanes]float64, lm.features+lm.units),
		c:     make([]float64, lm.units*lanes),
		tanhC: make([]float64, lm.units*lanes),
		ks:    make([]int64, 2*lm.units*lanes),
		gates: make([]float64, len(lm.gates.bias)*lanes),
		dense: make([]float64, len(lm.dense.bias)*lanes),
	}
}

// Reset zeroes the state for the next chunk without allocating.
func (s *LaneState) Reset() {
	clear(s.xh)
	clear(s.c)
}

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
	lm.kernel.mul(&lm.gates, s.xh, s.gates)
	// The activations a gate at a time, then the cell update, then tanh(c) and h: as Step
	// computes them, value for value.
	n := U * lanes
	activate(s.gates[:2*n], s.ks, sigmoidAct) // input and forget gates
	activate(s.gates[2*n:3*n], s.ks, tanhAct)
	activate(s.gates[3*n:4*n], s.ks, sigmoidAct) // output gate
	c, tanhC := s.c[:n], s.tanhC[:n]
	ig, fg, cg, og := s.gates[:n][:len(c)], s.gates[n : 2*n][:len(c)], s.gates[2*n : 3*n][:len(c)], s.gates[3*n : 4*n][:len(c)]
	m := cellUpdateAsm(c, tanhC, ig, fg, cg)
	cellUpdateGo(c[m:], tanhC[m:], ig[m:], fg[m:], cg[m:])
	activate(tanhC, s.ks, tanhAct)
	h := s.xh[F:][:U] // U rows of lanes values: the layout of og and tanhC
	m = productAsm(h, og, tanhC)
	productGo(h, og, tanhC, m)
	lm.kernel.mul(&lm.dense, h, s.dense)
	for l, out := range outs {
		for j, o := range lm.outputs {
			out[o] = s.dense[j*lanes+l]
		}
	}
}

// cellUpdateGo is the LSTM's cell update, c = fg·c + ig·cg, copied into tanhC (the explicit
// float64 conversions keep a GOAMD64=v3 build from fusing it, as the assembly does not).
// Where the processor has AVX2 the assembly takes whole groups of four (cellUpdateAsm).
func cellUpdateGo(c, tanhC, ig, fg, cg []float64) {
	tanhC, ig, fg, cg = tanhC[:len(c)], ig[:len(c)], fg[:len(c)], cg[:len(c)]
	for i := range c {
		cu := float64(fg[i]*c[i]) + float64(ig[i]*cg[i])
		c[i], tanhC[i] = cu, cu
	}
}

// productGo is h = a·b element by element from value m on, h's rows end to end (productAsm
// takes whole groups of four from the start).
func productGo(h [][lanes]float64, a, b []float64, m int) {
	for i := m; i < len(h)*lanes; i++ {
		h[i/lanes][i%lanes] = a[i] * b[i]
	}
}
