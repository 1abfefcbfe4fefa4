package model

import "math"

// math.Max and math.Min are calls on amd64 (archMax and archMin, assembly behind an ABI
// wrapper), about a tenth of the scoring time where the failure part, the trend and the
// normalisation clamp values. mathMax and mathMin are the same functions with the common case
// (x and y ordered and unequal) in two comparisons the compiler inlines, and the rest in a
// plain Go call. They keep every special case bit for bit, which Go's built-in max and min do
// not: math.Max(NaN, +Inf) is +Inf where max gives NaN, and math.Max's NaN is always
// math.NaN() where max passes an operand's NaN on.

// mathMax is math.Max: +Inf if either is +Inf, else NaN if either is NaN, +0 for ±0 and +0.
func mathMax(x, y float64) float64 {
	if x > y {
		return x
	}
	if y > x {
		return y
	}
	return maxTie(x, y)
}

// maxTie is math.Max for x and y equal or unordered.
func maxTie(x, y float64) float64 {
	switch {
	case x == y: // the same bits but for ±0, where +0 wins: AND of the bits
		return math.Float64frombits(math.Float64bits(x) & math.Float64bits(y))
	case math.IsInf(x, 1) || math.IsInf(y, 1):
		return math.Inf(1)
	}
	return math.NaN()
}

// mathMin is math.Min: −Inf if either is −Inf, else NaN if either is NaN, −0 for ±0 and −0.
func mathMin(x, y float64) float64 {
	if x < y {
		return x
	}
	if y < x {
		return y
	}
	return minTie(x, y)
}

// minTie is math.Min for x and y equal or unordered.
func minTie(x, y float64) float64 {
	switch {
	case x == y: // the same bits but for ±0, where −0 wins: OR of the bits
		return math.Float64frombits(math.Float64bits(x) | math.Float64bits(y))
	case math.IsInf(x, -1) || math.IsInf(y, -1):
		return math.Inf(-1)
	}
	return math.NaN()
}
