package model

import (
	"math"
	"math/rand/v2"
	"testing"
)

// normalCDFs (the assembly where the processor has AVX2, for whole groups of four) gives
// NormalCDF's bits (sameValue) for every length, including ±0, ±Inf, NaN, values where the
// exponential's argument passes its clamp or turns subnormal, and tiny and huge values.
func TestNormalCDFsEqualsNormalCDFBitForBit(t *testing.T) {
	if _, ok := asmLanes(); !ok {
		t.Log("no assembly on this build or processor: normalCDFs is NormalCDF")
	}
	rng := rand.New(rand.NewPCG(17, 18))
	special := []float64{0, math.Copysign(0, -1), math.Inf(1), math.Inf(-1), math.NaN(), -math.NaN(),
		40, -40, 37.7, -37.7, 38.6, -38.6, 39.99, 1e300, -1e300, 5e-324, -5e-324, 1e-310, -1e-200,
		math.MaxFloat64, -math.MaxFloat64, 1, -1, 0.5, -0.5,
		math.Float64frombits(0x7ff0000000000123), math.Float64frombits(0xfff8000012345678)}
	for n := 0; n <= 70; n++ {
		for round := 0; round < 20; round++ {
			xs := make([]float64, n)
			for i := range xs {
				switch rng.IntN(4) {
				case 0:
					xs[i] = special[rng.IntN(len(special))]
				case 1:
					xs[i] = (rng.Float64()*2 - 1) * 60
				default:
					xs[i] = rng.NormFloat64() * 3
				}
			}
			got := append([]float64(nil), xs...)
			normalCDFs(got)
			for i, x := range xs {
				if want := NormalCDF(x); !sameValue(got[i], want) {
					t.Fatalf("%d values: NormalCDF(%v) is %v (%#x) in normalCDFs, %v (%#x) alone", n, x, got[i], math.Float64bits(got[i]), want, math.Float64bits(want))
				}
			}
		}
	}
}

// BenchmarkNormalCDFs: one chunk's failure arguments (240 steps × 10 limits).
func BenchmarkNormalCDFs(b *testing.B) {
	in, xs := make([]float64, 2400), make([]float64, 2400)
	for i := range in {
		in[i] = float64(i%41)/5 - 4
	}
	b.Run("normalCDFs", func(b *testing.B) {
		for b.Loop() {
			copy(xs, in)
			normalCDFs(xs)
		}
	})
	b.Run("go", func(b *testing.B) {
		for b.Loop() {
			copy(xs, in)
			for i, x := range xs {
				xs[i] = NormalCDF(x)
			}
		}
	})
}
