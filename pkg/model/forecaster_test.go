package model

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

type forecasterVectors struct {
	Features  int       `json:"features"`
	Units     int       `json:"units"`
	Sequences int       `json:"sequences"`
	Steps     int       `json:"steps"`
	Inputs    []float64 `json:"inputs"`
	Hidden    []float64 `json:"hidden"`
	Outputs   []float64 `json:"outputs"`
}

func goldenDir(t testing.TB, parts ...string) string {
	t.Helper()
	return filepath.Join(append([]string{"..", "..", "testdata", "golden"}, parts...)...)
}

func loadGoldenForecaster(t *testing.T) (*Forecaster, forecasterVectors) {
	t.Helper()
	dir := goldenDir(t, "forecaster")
	modelJSON, err := os.ReadFile(filepath.Join(dir, "model.json"))
	if err != nil {
		t.Fatal(err)
	}
	weights, err := os.ReadFile(filepath.Join(dir, "weights.bin"))
	if err != nil {
		t.Fatal(err)
	}
	m, err := ParseForecaster(modelJSON, weights)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(dir, "vectors.json"))
	if err != nil {
		t.Fatal(err)
	}
	var v forecasterVectors
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatal(err)
	}
	return m, v
}

// The Go forecaster reproduces tfjs's hidden states and outputs, step by step, to 1e-5.
func TestForecasterMatchesTfjsGoldenVectors(t *testing.T) {
	m, v := loadGoldenForecaster(t)
	if m.Features != v.Features || m.Units != v.Units || m.Outputs != 3*v.Features {
		t.Fatalf("shape: got F=%d U=%d O=%d, vectors F=%d U=%d", m.Features, m.Units, m.Outputs, v.Features, v.Units)
	}
	F, U, O := v.Features, v.Units, 3*v.Features
	gates := make([]float64, 4*U)
	out := make([]float64, O)
	maxH, maxOut := 0.0, 0.0
	for s := 0; s < v.Sequences; s++ {
		state := m.NewState()
		for k := 0; k < v.Steps; k++ {
			row := (s*v.Steps + k)
			m.Step(v.Inputs[row*F:(row+1)*F], state, gates, out)
			for u := 0; u < U; u++ {
				maxH = math.Max(maxH, math.Abs(state.H[u]-v.Hidden[row*U+u]))
			}
			for o := 0; o < O; o++ {
				maxOut = math.Max(maxOut, math.Abs(out[o]-v.Outputs[row*O+o]))
			}
		}
	}
	t.Logf("max |Δ| hidden %.2e, outputs %.2e over %d steps", maxH, maxOut, v.Sequences*v.Steps)
	if maxH > 1e-5 || maxOut > 1e-5 {
		t.Fatalf("Go and tfjs differ: hidden %.3g, outputs %.3g (limit 1e-5)", maxH, maxOut)
	}
}

func TestParseForecasterRefusesWhatItCannotRun(t *testing.T) {
	dir := goldenDir(t, "forecaster")
	modelJSON, _ := os.ReadFile(filepath.Join(dir, "model.json"))
	weights, _ := os.ReadFile(filepath.Join(dir, "weights.bin"))
	cases := map[string]struct {
		model   string
		weights []byte
		want    string
	}{
		"GRU layer":          {strings.Replace(string(modelJSON), `"class_name":"LSTM"`, `"class_name":"GRU"`, 1), weights, "runs exactly InputLayer, LSTM, Dense"},
		"hard sigmoid":       {strings.Replace(string(modelJSON), `"recurrent_activation":"sigmoid"`, `"recurrent_activation":"hard_sigmoid"`, 1), weights, "must use tanh/sigmoid"},
		"truncated weights":  {string(modelJSON), weights[:len(weights)-4], "needs bytes"},
		"extra weight bytes": {string(modelJSON), append(append([]byte{}, weights...), 0, 0, 0, 0), "but the manifest describes"},
		"not JSON":           {"{", weights, "not JSON"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := ParseForecaster([]byte(c.model), c.weights)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v, want an error containing %q", err, c.want)
			}
		})
	}
}
