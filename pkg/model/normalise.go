package model

import "math"

// transformValue mirrors normalise.ts: ratios stay linear, rates and load are log1p'd.
func transformValue(unit string, x float64) float64 {
	return transformLogged(unit != "ratio", x)
}

func transformLogged(logged bool, x float64) float64 {
	if !logged {
		return x
	}
	return math.Log1p(mathMax(x, 0))
}

// normalise returns z for one cell; missing cells are 0 (the training mean).
func normalise(n Normalisation, x float64, missing bool) float64 {
	if missing {
		return 0
	}
	return normaliserOf(n).z(x)
}

// normaliser is a Normalisation with its unit decided once, for the engine's loop over every
// cell (normaliseChunk).
type normaliser struct {
	logged    bool
	mean, std float64
}

func normaliserOf(n Normalisation) normaliser {
	return normaliser{logged: n.Unit != "ratio", mean: n.Mean, std: n.Std}
}

// z is a present cell's normalised value, held within ±zLimit as normalise.ts does: an absurd
// finite input must not overflow the float32 the LSTM reads into Inf and NaN risk.
func (n normaliser) z(x float64) float64 {
	return mathMin(mathMax((transformLogged(n.logged, x)-n.mean)/n.std, -zLimit), zLimit)
}

// zLimit bounds normalised values (Z_LIMIT in normalise.ts).
const zLimit = 1e6
