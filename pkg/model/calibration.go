package model

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
	var votes [4]float64
	n := 0
	gain := 0.0
	for i := 0; i < 4; i++ {
		if c.Weights[i] > 0 {
			votes[n] = row[i]
			n++
			gain += c.Weights[i]
		}
	}
	if n == 0 {
		return c.Bias
	}
	v := votes[:n]
	// Insertion sort: at most four values, and no allocation on the per-step path.
	for i := 1; i < n; i++ {
		for j := i; j > 0 && v[j] < v[j-1]; j-- {
			v[j], v[j-1] = v[j-1], v[j]
		}
	}
	mid := n / 2
	if n%2 == 1 {
		return c.Bias + gain*v[mid]
	}
	return c.Bias + gain*((v[mid-1]+v[mid])/2)
}
