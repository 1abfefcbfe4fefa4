package model

import "math"

// calibrationFeatures mirrors calibration.ts: causal smoothing restarted at the chunk's first
// input step, logit of the failure probability, then centring and scaling.
// features and smoothed must have len(raw); they are overwritten.
func calibrationFeatures(raw []float64, c Calibration, features, smoothed []float64) {
	steps := len(raw) / 4
	alpha := c.SmoothingAlpha
	for k := 0; k < steps; k++ {
		for i := 0; i < 4; i++ {
			x := raw[k*4+i]
			s := x
			if k > 0 {
				s = alpha*x + (1-alpha)*smoothed[(k-1)*4+i]
			}
			smoothed[k*4+i] = s
			f := s
			if i == ComponentFailure {
				f = clippedLogit(s)
			}
			features[k*4+i] = (f - c.Center[i]) / c.Scale[i]
		}
	}
}

func riskAt(features []float64, k int, c Calibration) float64 {
	return logistic(calibratedLogit(features[k*4:k*4+4], c))
}

// calibratedLogit mirrors calibration.ts: the weighted sum of the standardised parts (parts
// weighed 0 skipped), or for a median calibration the sum of the positive weights times the
// median of the parts that have one.
func calibratedLogit(row []float64, c Calibration) float64 {
	if c.Combine != CombineMedian {
		logit := c.Bias
		for i := 0; i < 4; i++ {
			if c.Weights[i] != 0 {
				logit += c.Weights[i] * row[i]
			}
		}
		return logit
	}
	agreed, gain, ok := medianVote(row, c)
	if !ok {
		return c.Bias
	}
	return c.Bias + gain*agreed
}

// partPulls mirrors calibration.ts: each part's pull on the log-odds at one step, for
// explanations. Weighted sum: weight times feature; median vote: for the voting parts, weight
// times the smaller of the feature and the median, so a part far above the others (which the
// vote ignored) is credited no more than the level the vote agreed on.
func partPulls(row []float64, c Calibration) [4]float64 {
	var pulls [4]float64
	if c.Combine != CombineMedian {
		for i := 0; i < 4; i++ {
			pulls[i] = c.Weights[i] * row[i]
		}
		return pulls
	}
	agreed, _, ok := medianVote(row, c)
	if !ok {
		return pulls
	}
	for i := 0; i < 4; i++ {
		if c.Weights[i] > 0 {
			pulls[i] = c.Weights[i] * math.Min(row[i], agreed)
		}
	}
	return pulls
}

// medianVote mirrors calibration.ts: the median of the parts with a positive weight (agreed)
// and the sum of their weights (gain); ok is false when no part votes.
func medianVote(row []float64, c Calibration) (agreed, gain float64, ok bool) {
	var votes [4]float64
	n := 0
	for i := 0; i < 4; i++ {
		if c.Weights[i] > 0 {
			votes[n] = row[i]
			n++
			gain += c.Weights[i]
		}
	}
	if n == 0 {
		return 0, 0, false
	}
	return medianOf(votes[:n]), gain, true
}

// medianOf sorts a few values in place (insertion sort: no allocation on the per-step path) and
// returns their median, the mean of the middle two for an even count.
func medianOf(v []float64) float64 {
	for i := 1; i < len(v); i++ {
		for j := i; j > 0 && v[j] < v[j-1]; j-- {
			v[j], v[j-1] = v[j-1], v[j]
		}
	}
	mid := len(v) / 2
	if len(v)%2 == 1 {
		return v[mid]
	}
	return (v[mid-1] + v[mid]) / 2
}
