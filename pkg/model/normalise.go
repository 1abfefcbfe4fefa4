package model

import "math"

// transformValue mirrors normalise.ts: ratios stay linear, rates and load are log1p'd.
func transformValue(unit string, x float64) float64 {
	if unit == "ratio" {
		return x
	}
	return math.Log1p(mathMax(x, 0))
}

// normalise returns z for one cell; missing cells are 0 (the training mean).
func normalise(n Normalisation, x float64, missing bool) float64 {
	if missing {
		return 0
	}
	// Held within ±zLimit, as normalise.ts does: an absurd finite input must not overflow the
	// float32 the LSTM reads into Inf and NaN risk.
	return mathMin(mathMax((transformValue(n.Unit, x)-n.Mean)/n.Std, -zLimit), zLimit)
}

// zLimit bounds normalised values (Z_LIMIT in normalise.ts).
const zLimit = 1e6
