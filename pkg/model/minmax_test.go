package model

import (
	"math"
	"math/rand/v2"
	"testing"
)

// mathMax and mathMin give math.Max's and math.Min's bits for every pair of special and
// ordinary values, NaNs with other payloads included.
func TestMathMaxMinEqualMathBitForBit(t *testing.T) {
	values := []float64{0, math.Copysign(0, -1), 1, -1, 0.5, -2.5, 1e-310, -1e-310, math.MaxFloat64, -math.MaxFloat64,
		math.Inf(1), math.Inf(-1), math.NaN(), math.Float64frombits(0xfff8000000000000), math.Float64frombits(0x7ff0000000000123)}
	rng := rand.New(rand.NewPCG(17, 18))
	for range 20 {
		values = append(values, rng.NormFloat64())
	}
	values = append(values, values[len(values)-1]) // an equal pair
	for _, x := range values {
		for _, y := range values {
			if got, want := mathMax(x, y), math.Max(x, y); math.Float64bits(got) != math.Float64bits(want) {
				t.Errorf("mathMax(%v, %v) = %v (%#x), math.Max gives %v (%#x)", x, y, got, math.Float64bits(got), want, math.Float64bits(want))
			}
			if got, want := mathMin(x, y), math.Min(x, y); math.Float64bits(got) != math.Float64bits(want) {
				t.Errorf("mathMin(%v, %v) = %v (%#x), math.Min gives %v (%#x)", x, y, got, math.Float64bits(got), want, math.Float64bits(want))
			}
		}
	}
}
