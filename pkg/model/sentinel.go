package model

import (
	"encoding/json"
	"fmt"
	"math"
	"regexp"
)

// FormatVersion is the sentinel.json format this runtime reads.
const FormatVersion = 1

// FeatureSpec is one feature the model reads: its PromQL and, when it has one, the value at
// which the host counts as failed.
type FeatureSpec struct {
	Name         string   `json:"name"`
	Description  string   `json:"description"`
	Unit         string   `json:"unit"`
	PromQL       string   `json:"promql"`
	FailureLimit *float64 `json:"failureLimit,omitempty"`
}

// Normalisation is a feature's transform and z-score statistics.
type Normalisation struct {
	Unit string  `json:"unit"`
	Mean float64 `json:"mean"`
	Std  float64 `json:"std"`
}

// Calibration combines the smoothed components into a probability.
type Calibration struct {
	SmoothingAlpha float64    `json:"smoothingAlpha"`
	Center         [4]float64 `json:"center"`
	Scale          [4]float64 `json:"scale"`
	Weights        [4]float64 `json:"weights"`
	Bias           float64    `json:"bias"`
	// Combine is how the standardised parts become the log-odds: "" or "weightedSum" (the weighted
	// sum) or "median" (a vote of the parts with a positive weight; calibration.ts).
	Combine string `json:"combine,omitempty"`
}

// Calibration combinations (Calibration.Combine); "" is read as CombineWeightedSum.
const (
	CombineWeightedSum = "weightedSum"
	CombineMedian      = "median"
)

// AlertingRule is how risk becomes predicted-failure alerts (the shipped rule's "for" and hysteresis).
type AlertingRule struct {
	Threshold        float64 `json:"threshold"`
	MinDurationSteps int     `json:"minDurationSteps"`
	ClearBelow       float64 `json:"clearBelow"`
}

// SentinelJSON is sentinel.json: everything about a model except the LSTM weights.
type SentinelJSON struct {
	FormatVersion int             `json:"formatVersion"`
	Name          string          `json:"name"`
	Version       string          `json:"version"`
	CreatedAt     string          `json:"createdAt"`
	Description   string          `json:"description"`
	Features      []FeatureSpec   `json:"features"`
	RateWindow    string          `json:"rateWindow"`
	StepSeconds   int             `json:"stepSeconds"`
	HorizonSteps  int             `json:"horizonSteps"`
	MaxFillSteps  int             `json:"maxFillSteps"`
	Streaming     StreamingRule   `json:"streaming"`
	Normalisation []Normalisation `json:"normalisation"`
	LSTM          struct {
		Units        int      `json:"units"`
		OutputBlocks []string `json:"outputBlocks"`
	} `json:"lstm"`
	IsolationForest json.RawMessage            `json:"isolationForest"`
	Baseline        json.RawMessage            `json:"baseline"`
	FailureTrend    *FailureTrend              `json:"failureTrend,omitempty"`
	FailureHead     *FailureHead               `json:"failureHead,omitempty"`
	Calibration     Calibration                `json:"calibration"`
	Alerting        AlertingRule               `json:"alerting"`
	Training        map[string]json.RawMessage `json:"training"`
	Evaluation      map[string]json.RawMessage `json:"evaluation"`
}

// StreamingRule is the warm-up rule both runtimes share (see PlanChunks).
type StreamingRule struct {
	ChunkSteps  int `json:"chunkSteps"`
	WarmupSteps int `json:"warmupSteps"`
}

var (
	versionPattern    = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)
	featureNameRegexp = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	knownUnits        = map[string]bool{"ratio": true, "bytes_per_second": true, "per_second": true, "load_per_core": true}
)

// ParseSentinelJSON reads and checks sentinel.json with the same rules as the TypeScript schema.
func ParseSentinelJSON(data []byte) (*SentinelJSON, error) {
	var doc SentinelJSON
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("sentinel.json is not valid: %w", err)
	}
	if err := doc.validate(); err != nil {
		return nil, fmt.Errorf("sentinel.json: %w", err)
	}
	return &doc, nil
}

func (d *SentinelJSON) validate() error {
	finite := func(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
	switch {
	case d.FormatVersion != FormatVersion:
		return fmt.Errorf("formatVersion %d; this runtime reads %d", d.FormatVersion, FormatVersion)
	case !versionPattern.MatchString(d.Version):
		return fmt.Errorf("version %q: letters, digits, dot, dash, underscore; at most 64", d.Version)
	case len(d.Features) == 0:
		return fmt.Errorf("features: none")
	case len(d.Normalisation) != len(d.Features):
		return fmt.Errorf("normalisation: %d entries for %d features", len(d.Normalisation), len(d.Features))
	case d.StepSeconds <= 0 || d.HorizonSteps <= 0 || d.MaxFillSteps < 0:
		return fmt.Errorf("stepSeconds, horizonSteps must be positive and maxFillSteps non-negative")
	case d.Streaming.ChunkSteps <= 0 || d.Streaming.WarmupSteps < 0:
		return fmt.Errorf("streaming: chunkSteps must be positive and warmupSteps non-negative")
	case d.LSTM.Units <= 0 || len(d.LSTM.OutputBlocks) != 3 || d.LSTM.OutputBlocks[0] != "next" || d.LSTM.OutputBlocks[1] != "mean" || d.LSTM.OutputBlocks[2] != "logvar":
		return fmt.Errorf("lstm: units must be positive and outputBlocks [next mean logvar]")
	case !(d.Calibration.SmoothingAlpha > 0 && d.Calibration.SmoothingAlpha <= 1):
		return fmt.Errorf("calibration.smoothingAlpha must be in (0, 1]")
	case !(d.Alerting.Threshold > 0 && d.Alerting.Threshold < 1) || d.Alerting.MinDurationSteps <= 0:
		return fmt.Errorf("alerting: threshold must be in (0, 1) and minDurationSteps positive")
	case !(d.Alerting.ClearBelow >= 0 && d.Alerting.ClearBelow <= d.Alerting.Threshold):
		return fmt.Errorf("alerting.clearBelow must be in [0, threshold]")
	}
	for i, f := range d.Features {
		if !featureNameRegexp.MatchString(f.Name) || !knownUnits[f.Unit] {
			return fmt.Errorf("features.%d: name %q or unit %q not allowed", i, f.Name, f.Unit)
		}
		if f.FailureLimit != nil && !finite(*f.FailureLimit) {
			return fmt.Errorf("features.%d.failureLimit is not finite", i)
		}
		n := d.Normalisation[i]
		if n.Unit != f.Unit || !finite(n.Mean) || !(n.Std > 0) || !finite(n.Std) {
			return fmt.Errorf("normalisation.%d: unit must be %s, mean finite, std positive", i, f.Unit)
		}
	}
	if t := d.FailureTrend; t != nil && (t.WindowSteps < 6 || t.WindowSteps > d.Streaming.WarmupSteps+1 || t.ProjectSteps <= 0 || !(t.MinSigma > 0) || !finite(t.MinSigma) || (t.SlopeCap != nil && !(*t.SlopeCap >= 1 && finite(*t.SlopeCap)))) {
		return fmt.Errorf("failureTrend: windowSteps must be in [6, streaming.warmupSteps + 1], projectSteps positive, minSigma positive and slopeCap, where given, at least 1")
	}
	for i := 0; i < 4; i++ {
		if !(d.Calibration.Scale[i] > 0) || !finite(d.Calibration.Center[i]) || !finite(d.Calibration.Weights[i]) {
			return fmt.Errorf("calibration: scale must be positive and center, weights finite")
		}
	}
	if err := d.Calibration.validateCombine(); err != nil {
		return err
	}
	if d.FailureHead != nil {
		if err := d.FailureHead.validate(len(d.Features), d.Streaming.WarmupSteps); err != nil {
			return err
		}
	}
	return checkBaselineKind(d.Baseline, len(d.Features))
}

// validateCombine refuses an unknown combination, and a median one without a positive weight or
// with a negative one (sentinelJson.ts refuses the same).
func (c Calibration) validateCombine() error {
	switch c.Combine {
	case "", CombineWeightedSum:
		return nil
	case CombineMedian:
		positive := false
		for _, w := range c.Weights {
			if w < 0 {
				return fmt.Errorf("calibration.weights: a median calibration needs weights >= 0, got %v", c.Weights)
			}
			positive = positive || w > 0
		}
		if !positive {
			return fmt.Errorf("calibration.weights: a median calibration needs at least one weight > 0")
		}
		return nil
	default:
		return fmt.Errorf("calibration.combine: unknown combination %q (weightedSum or median)", c.Combine)
	}
}
