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
	logit := c.Bias
	for i := 0; i < 4; i++ {
		logit += c.Weights[i] * features[k*4+i]
	}
	return logistic(logit)
}
