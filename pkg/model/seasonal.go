package model

import (
	"encoding/json"
	"fmt"
	"math"
)

// dayMs is the seasonal baseline's period: one UTC day.
const dayMs int64 = 86_400_000

// maxSeasonalBuckets bounds baseline.buckets as seasonalBaseline.ts does.
const maxSeasonalBuckets = 1440

// isRobustKind: the robust (median/MAD) baseline is the default; "robust-baseline" is what
// training writes, "robust" and no kind mean the same.
func isRobustKind(kind string) bool {
	return kind == "" || kind == "robust" || kind == "robust-baseline"
}

// SeasonalBaseline mirrors seasonalBaseline.ts: the robust baseline's median/MAD per feature
// for each of Buckets equal time-of-day buckets (UTC), bucket-major.
type SeasonalBaseline struct {
	Kind    string      `json:"kind"`
	Buckets int         `json:"buckets"`
	Median  [][]float64 `json:"median"`
	MAD     [][]float64 `json:"mad"`
}

// timeBucket is seasonality.ts's bucket: r = ((t mod D) + D) mod D, b = floor(r·B / D), exact
// in int64 (r·B < 2^53 for B <= 1440).
func timeBucket(timeMs int64, buckets int) int {
	r := ((timeMs % dayMs) + dayMs) % dayMs
	return int(r * int64(buckets) / dayMs)
}

// baselineKind reads baseline.kind ("" when absent or when the baseline is not an object).
func baselineKind(raw json.RawMessage) (string, error) {
	var head struct {
		Kind *json.RawMessage `json:"kind"`
	}
	if len(raw) == 0 || string(raw) == "null" {
		return "", nil
	}
	if err := json.Unmarshal(raw, &head); err != nil || head.Kind == nil {
		return "", nil
	}
	var kind string
	if err := json.Unmarshal(*head.Kind, &kind); err != nil {
		return "", fmt.Errorf("baseline.kind: %s is not a string", string(*head.Kind))
	}
	return kind, nil
}

// checkBaselineKind is sentinel.json's check of the baseline section (as sentinelJson.ts): a
// robust kind passes (its numbers are checked when the scorer is built), "seasonal" is checked
// field by field, anything else is refused.
func checkBaselineKind(raw json.RawMessage, features int) error {
	kind, err := baselineKind(raw)
	if err != nil {
		return err
	}
	switch {
	case isRobustKind(kind):
		return nil
	case kind == "seasonal":
		_, err := ParseSeasonalBaseline(raw, features)
		return err
	}
	return fmt.Errorf("baseline.kind: unknown baseline kind %q (robust, robust-baseline or seasonal)", kind)
}

// ParseSeasonalBaseline reads and checks a seasonal baseline; errors name the field.
func ParseSeasonalBaseline(raw json.RawMessage, features int) (*SeasonalBaseline, error) {
	var b SeasonalBaseline
	if err := json.Unmarshal(raw, &b); err != nil {
		return nil, fmt.Errorf("baseline: %w", err)
	}
	if b.Kind != "seasonal" {
		return nil, fmt.Errorf("baseline.kind: %q, expected \"seasonal\"", b.Kind)
	}
	if b.Buckets < 1 || b.Buckets > maxSeasonalBuckets {
		return nil, fmt.Errorf("baseline.buckets: %d, must be an integer in [1, %d]", b.Buckets, maxSeasonalBuckets)
	}
	for _, part := range []struct {
		name     string
		rows     [][]float64
		positive bool
	}{{"median", b.Median, false}, {"mad", b.MAD, true}} {
		if len(part.rows) != b.Buckets {
			return nil, fmt.Errorf("baseline.%s: %d buckets; buckets is %d", part.name, len(part.rows), b.Buckets)
		}
		for i, row := range part.rows {
			if len(row) != features {
				return nil, fmt.Errorf("baseline.%s.%d: %d values for %d features", part.name, i, len(row), features)
			}
			for f, v := range row {
				if math.IsNaN(v) || math.IsInf(v, 0) || (part.positive && !(v > 0)) {
					return nil, fmt.Errorf("baseline.%s.%d.%d: %v is not a finite%s number", part.name, i, f, v, map[bool]string{true: " positive", false: ""}[part.positive])
				}
			}
		}
	}
	return &b, nil
}

func (b *SeasonalBaseline) deviationSq(row []float64, missing []bool, bucket, f int) float64 {
	if missing[f] {
		return 0
	}
	d := (row[f] - b.Median[bucket][f]) / b.MAD[bucket][f]
	return d * d
}

// Score is the robust baseline's score against the median and MAD of timeMs's bucket.
func (b *SeasonalBaseline) Score(row []float64, missing []bool, timeMs int64) float64 {
	bucket := timeBucket(timeMs, b.Buckets)
	sum, present := 0.0, 0
	for f := range b.Median[bucket] {
		if !missing[f] {
			sum += b.deviationSq(row, missing, bucket, f)
			present++
		}
	}
	if present == 0 {
		return 0
	}
	return math.Sqrt(sum / float64(present))
}

// Shares writes each feature's part of the sum of squares in timeMs's bucket.
func (b *SeasonalBaseline) Shares(row []float64, missing []bool, timeMs int64, out []float64) {
	bucket := timeBucket(timeMs, b.Buckets)
	sum := 0.0
	for f := range b.Median[bucket] {
		out[f] = b.deviationSq(row, missing, bucket, f)
		sum += out[f]
	}
	for f := range out {
		if sum > 0 {
			out[f] /= sum
		} else {
			out[f] = 0
		}
	}
}

// ParseBaseline builds the baseline sentinel.json describes: seasonal, or robust (kind absent,
// "robust" or "robust-baseline"); other kinds are refused.
func ParseBaseline(raw json.RawMessage, features int) (RowScorer, error) {
	kind, err := baselineKind(raw)
	if err != nil {
		return nil, err
	}
	switch {
	case kind == "seasonal":
		return ParseSeasonalBaseline(raw, features)
	case isRobustKind(kind):
		return ParseRobustBaseline(raw, features)
	}
	return nil, fmt.Errorf("baseline.kind: unknown baseline kind %q (robust, robust-baseline or seasonal)", kind)
}
