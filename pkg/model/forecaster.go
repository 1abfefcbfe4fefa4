package model

import (
	"encoding/json"
	"fmt"
	"math"
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
}

// LSTMState is the carried state of one sequence.
type LSTMState struct {
	H, C []float64
}

// NewState returns the zero state the warm-up rule starts every chunk from.
func (m *Forecaster) NewState() LSTMState {
	return LSTMState{H: make([]float64, m.Units), C: make([]float64, m.Units)}
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
	return m, nil
}

// Step advances the state by one input row (F values) and writes the O outputs into out.
// gates is scratch space of 4U values, reused across steps to keep scoring allocation-free.
// The multiply-adds go through axpy, written so the compiler drops bounds checks: this loop is
// most of the backend's scoring time.
func (m *Forecaster) Step(x []float64, s LSTMState, gates, out []float64) {
	U := m.Units
	copy(gates, m.lstmBias)
	for f, xv := range x {
		if xv != 0 {
			axpy(xv, m.kernel[f*4*U:(f+1)*4*U], gates)
		}
	}
	for u, hv := range s.H {
		if hv != 0 {
			axpy(hv, m.recurrent[u*4*U:(u+1)*4*U], gates)
		}
	}
	for u := 0; u < U; u++ {
		i := sigmoid(gates[u])
		f := sigmoid(gates[U+u])
		c := math.Tanh(gates[2*U+u])
		o := sigmoid(gates[3*U+u])
		s.C[u] = f*s.C[u] + i*c
		s.H[u] = o * math.Tanh(s.C[u])
	}
	copy(out, m.denseBias)
	for u, hv := range s.H {
		axpy(hv, m.denseKernel[u*m.Outputs:(u+1)*m.Outputs], out)
	}
}

// axpy computes y += a·x for len(x) == len(y), four at a time.
func axpy(a float64, x, y []float64) {
	y = y[:len(x)]
	i := 0
	for ; i+4 <= len(x); i += 4 {
		xs, ys := x[i:i+4:i+4], y[i:i+4:i+4]
		ys[0] += a * xs[0]
		ys[1] += a * xs[1]
		ys[2] += a * xs[2]
		ys[3] += a * xs[3]
	}
	for ; i < len(x); i++ {
		y[i] += a * x[i]
	}
}

func sigmoid(x float64) float64 {
	if x >= 0 {
		return 1 / (1 + math.Exp(-x))
	}
	e := math.Exp(x)
	return e / (1 + e)
}
