// Package model is the Go runtime of Anomaly Sentinel's failure-risk model. It reads the same
// artifact as the TypeScript runtime (tfjs Layers model.json + weights.bin + sentinel.json) and
// computes the same numbers; golden vectors written by the TypeScript side hold them equal.
// It knows nothing of Grafana.
package model

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
)

// layersModelJSON is the part of a tfjs layers-model file the runtime reads.
type layersModelJSON struct {
	Format        string `json:"format"`
	ModelTopology struct {
		ClassName string `json:"class_name"`
		Config    struct {
			Layers []layerJSON `json:"layers"`
		} `json:"config"`
	} `json:"modelTopology"`
	WeightsManifest []struct {
		Paths   []string     `json:"paths"`
		Weights []weightSpec `json:"weights"`
	} `json:"weightsManifest"`
}

type layerJSON struct {
	ClassName string          `json:"class_name"`
	Name      string          `json:"name"`
	Config    json.RawMessage `json:"config"`
}

type weightSpec struct {
	Name  string `json:"name"`
	Shape []int  `json:"shape"`
	Dtype string `json:"dtype"`
}

type lstmConfig struct {
	Units               int    `json:"units"`
	Activation          string `json:"activation"`
	RecurrentActivation string `json:"recurrent_activation"`
	UseBias             bool   `json:"use_bias"`
	ReturnSequences     bool   `json:"return_sequences"`
	GoBackwards         bool   `json:"go_backwards"`
	Stateful            bool   `json:"stateful"`
}

type denseConfig struct {
	Units      int    `json:"units"`
	Activation string `json:"activation"`
	UseBias    bool   `json:"use_bias"`
}

type inputConfig struct {
	BatchInputShape []*int `json:"batch_input_shape"`
}

// tensor is a weight: its shape and values (float32 in the file, float64 here).
type tensor struct {
	shape  []int
	values []float64
}

// parseWeights splits weights.bin by the manifest's specs, in manifest order.
func parseWeights(specs []weightSpec, data []byte) (map[string]tensor, error) {
	out := make(map[string]tensor, len(specs))
	offset := 0
	for _, spec := range specs {
		if spec.Dtype != "float32" {
			return nil, fmt.Errorf("weight %s has dtype %s; the runtime reads float32 only", spec.Name, spec.Dtype)
		}
		n := 1
		for _, d := range spec.Shape {
			if d <= 0 {
				return nil, fmt.Errorf("weight %s has a bad shape %v", spec.Name, spec.Shape)
			}
			n *= d
		}
		if offset+4*n > len(data) {
			return nil, fmt.Errorf("weights.bin holds %d bytes; weight %s needs bytes %d..%d", len(data), spec.Name, offset, offset+4*n)
		}
		values := make([]float64, n)
		for i := range values {
			bits := binary.LittleEndian.Uint32(data[offset+4*i:])
			values[i] = float64(math.Float32frombits(bits))
		}
		offset += 4 * n
		out[spec.Name] = tensor{shape: spec.Shape, values: values}
	}
	if offset != len(data) {
		return nil, fmt.Errorf("weights.bin holds %d bytes but the manifest describes %d", len(data), offset)
	}
	return out, nil
}

func takeWeight(weights map[string]tensor, name string, shape ...int) ([]float64, error) {
	w, ok := weights[name]
	if !ok {
		return nil, fmt.Errorf("weight %s is missing from the manifest", name)
	}
	if len(w.shape) != len(shape) {
		return nil, fmt.Errorf("weight %s has shape %v, expected %v", name, w.shape, shape)
	}
	for i := range shape {
		if w.shape[i] != shape[i] {
			return nil, fmt.Errorf("weight %s has shape %v, expected %v", name, w.shape, shape)
		}
	}
	return w.values, nil
}
