package model

import (
	"encoding/json"
	"fmt"
)

// Forecaster is the LSTM + dense network of an artifact: per step it maps the normalised
// features to 3·F outputs (next-step forecast, horizon mean, horizon log-variance).
type Forecaster struct {
	Features int
	Units    int
	// kernel F×4U, recurrent U×4U, bias 4U; gate order i, f, c, o (Keras and tfjs).
	kernel, recurrent, lstmBias []float64
	// dense U×O and O.
	denseKernel, denseBias []float64
	Outputs                int
	// The same weights laid out for Step's matrix-vector products (see packBlocks).
	gateBlocks, denseBlocks         []float64
	gateBiasPadded, denseBiasPadded []float64
}

// LSTMState is the carried state of one sequence.
type LSTMState struct {
	H, C []float64
	// xh holds this step's input followed by H (H is a view of its tail), so the four gates
	// are one matrix-vector product over [x, h]; dense is the padded output block, tanhC
	// scratch for tanh(C), ks the activations' scratch.
	xh, dense, tanhC []float64
	ks               []int64
}

// NewState returns the zero state the warm-up rule starts every chunk from.
func (m *Forecaster) NewState() LSTMState {
	xh := make([]float64, m.Features+m.Units)
	return LSTMState{H: xh[m.Features:], C: make([]float64, m.Units), xh: xh, dense: make([]float64, len(m.denseBiasPadded)), tanhC: make([]float64, m.Units), ks: make([]int64, 2*m.Units)}
}

// Reset zeroes the state for the next chunk without allocating.
func (s LSTMState) Reset() {
	clear(s.H)
	clear(s.C)
}

// blockWidth is how many outputs Step accumulates at once: eight independent sums keep the
// floating-point adders busy (one chain of dependent adds would wait on each add's latency)
// while each input is loaded once per eight multiply-adds.
const blockWidth = 8

// packBlocks lays out a row-major inputs×outputs matrix as blocks of width outputs, each
// block holding, input by input, its width weights contiguously; outputs are padded with
// zero weights to a multiple of width.
func packBlocks(w []float64, inputs, outputs, width int) []float64 {
	blocks := (outputs + width - 1) / width
	out := make([]float64, blocks*inputs*width)
	for o := 0; o < outputs; o++ {
		b, col := o/width, o%width
		for k := 0; k < inputs; k++ {
			out[(b*inputs+k)*width+col] = w[k*outputs+o]
		}
	}
	return out
}

// pack prepares the blocked layouts from the Keras-ordered weights.
func (m *Forecaster) pack() {
	F, U, O := m.Features, m.Units, m.Outputs
	stacked := append(append([]float64(nil), m.kernel...), m.recurrent...) // (F+U) × 4U
	m.gateBlocks = packBlocks(stacked, F+U, 4*U, blockWidth)
	m.gateBiasPadded = make([]float64, (4*U+blockWidth-1)/blockWidth*blockWidth)
	copy(m.gateBiasPadded, m.lstmBias)
	m.denseBlocks = packBlocks(m.denseKernel, U, O, blockWidth)
	m.denseBiasPadded = make([]float64, (O+blockWidth-1)/blockWidth*blockWidth)
	copy(m.denseBiasPadded, m.denseBias)
}

// ParseForecaster reads model.json and weights.bin. It refuses anything it cannot run exactly
// as tfjs does: other layer types, other activations, backwards or stateful layers, shapes
// that do not chain.
func ParseForecaster(modelJSON, weightsBin []byte) (*Forecaster, error) {
	var doc layersModelJSON
	if err := json.Unmarshal(modelJSON, &doc); err != nil {
		return nil, fmt.Errorf("model.json is not JSON: %w", err)
	}
	if doc.Format != "layers-model" {
		return nil, fmt.Errorf("model.json has format %q; expected a tfjs layers-model", doc.Format)
	}
	layers := doc.ModelTopology.Config.Layers
	if len(layers) != 3 || layers[0].ClassName != "InputLayer" || layers[1].ClassName != "LSTM" || layers[2].ClassName != "Dense" {
		names := make([]string, len(layers))
		for i, l := range layers {
			names[i] = l.ClassName
		}
		return nil, fmt.Errorf("model.json has layers %v; the runtime runs exactly InputLayer, LSTM, Dense", names)
	}
	var in inputConfig
	var lc lstmConfig
	var dc denseConfig
	if err := json.Unmarshal(layers[0].Config, &in); err != nil {
		return nil, fmt.Errorf("input layer config: %w", err)
	}
	if err := json.Unmarshal(layers[1].Config, &lc); err != nil {
		return nil, fmt.Errorf("LSTM config: %w", err)
	}
	if err := json.Unmarshal(layers[2].Config, &dc); err != nil {
		return nil, fmt.Errorf("dense config: %w", err)
	}
	if len(in.BatchInputShape) != 3 || in.BatchInputShape[2] == nil {
		return nil, fmt.Errorf("input shape %v is not [batch, time, features]", in.BatchInputShape)
	}
	if lc.Activation != "tanh" || lc.RecurrentActivation != "sigmoid" || !lc.UseBias || !lc.ReturnSequences || lc.GoBackwards || lc.Stateful {
		return nil, fmt.Errorf("LSTM %q must use tanh/sigmoid with bias, return sequences, run forwards and be stateless; it has %+v", layers[1].Name, lc)
	}
	if dc.Activation != "linear" || !dc.UseBias {
		return nil, fmt.Errorf("dense layer %q must be linear with bias; it has %+v", layers[2].Name, dc)
	}
	specs := []weightSpec{}
	for _, group := range doc.WeightsManifest {
		specs = append(specs, group.Weights...)
	}
	weights, err := parseWeights(specs, weightsBin)
	if err != nil {
		return nil, err
	}
	F, U, O := *in.BatchInputShape[2], lc.Units, dc.Units
	m := &Forecaster{Features: F, Units: U, Outputs: O}
	lstmName, denseName := layers[1].Name, layers[2].Name
	if m.kernel, err = takeWeight(weights, lstmName+"/kernel", F, 4*U); err != nil {
		return nil, err
	}
	if m.recurrent, err = takeWeight(weights, lstmName+"/recurrent_kernel", U, 4*U); err != nil {
		return nil, err
	}
	if m.lstmBias, err = takeWeight(weights, lstmName+"/bias", 4*U); err != nil {
		return nil, err
	}
	if m.denseKernel, err = takeWeight(weights, denseName+"/kernel", U, O); err != nil {
		return nil, err
	}
	if m.denseBias, err = takeWeight(weights, denseName+"/bias", O); err != nil {
		return nil, err
	}
	m.pack()
	return m, nil
}

// Step advances the state by one input row (F values) and writes the O outputs into out.
// gates is scratch space of 4U values, reused across steps to keep scoring allocation-free.
// The engine steps hosts lanes at a time with LaneModel.Step, which gives the same numbers;
// Step is the one-sequence form. The products are blocked (matVecBlocks), the activations
// branch-free and taken a whole gate at a time (activate). Sums run in the same order as
// tfjs's (bias, inputs, then the recurrent terms), in float64.
func (m *Forecaster) Step(x []float64, s LSTMState, gates, out []float64) {
	U := m.Units
	copy(s.xh[:m.Features], x)
	matVecBlocks(m.gateBlocks, m.gateBiasPadded, s.xh, gates[:4*U])
	activate(gates[:2*U], s.ks, sigmoidAct) // input and forget gates
	activate(gates[2*U:3*U], s.ks, tanhAct)
	activate(gates[3*U:4*U], s.ks, sigmoidAct) // output gate
	h, c, tanhC := s.H[:U:U], s.C[:U:U], s.tanhC[:U:U]
	ig, fg, cg, og := gates[:U:U], gates[U:2*U:2*U], gates[2*U:3*U:3*U], gates[3*U:4*U:4*U]
	for u := 0; u < U; u++ {
		cu := fg[u]*c[u] + ig[u]*cg[u]
		c[u], tanhC[u] = cu, cu
	}
	activate(tanhC, s.ks, tanhAct)
	for u := 0; u < U; u++ {
		h[u] = og[u] * tanhC[u]
	}
	matVecBlocks(m.denseBlocks, m.denseBiasPadded, h, s.dense)
	copy(out, s.dense[:m.Outputs])
}

// matVecBlocks computes out = bias + in·W for W packed by packBlocks (len(out) ≤ padded
// outputs; bias as long as the padded outputs), blockWidth outputs at a time, each output's
// sum accumulated in a register in input order. The explicit float64 conversions keep each
// product rounded on its own, as in the lane kernels, also where GOAMD64=v3 would fuse them.
func matVecBlocks(w, bias, in, out []float64) {
	K := len(in)
	for b := 0; b*blockWidth < len(out); b++ {
		wb := w[b*K*blockWidth : (b+1)*K*blockWidth]
		bb := bias[b*blockWidth : (b+1)*blockWidth : (b+1)*blockWidth]
		a0, a1, a2, a3, a4, a5, a6, a7 := bb[0], bb[1], bb[2], bb[3], bb[4], bb[5], bb[6], bb[7]
		for k, v := range in {
			wk := wb[k*blockWidth : (k+1)*blockWidth : (k+1)*blockWidth]
			a0 += float64(wk[0] * v)
			a1 += float64(wk[1] * v)
			a2 += float64(wk[2] * v)
			a3 += float64(wk[3] * v)
			a4 += float64(wk[4] * v)
			a5 += float64(wk[5] * v)
			a6 += float64(wk[6] * v)
			a7 += float64(wk[7] * v)
		}
		dst := out[b*blockWidth:]
		if len(dst) >= blockWidth {
			dst = dst[:blockWidth:blockWidth]
			dst[0], dst[1], dst[2], dst[3], dst[4], dst[5], dst[6], dst[7] = a0, a1, a2, a3, a4, a5, a6, a7
			continue
		}
		for i, a := range [blockWidth]float64{a0, a1, a2, a3, a4, a5, a6, a7} {
			if i < len(dst) {
				dst[i] = a
			}
		}
	}
}
