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
			xs := mixedValues(rng, n, special, 60)
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

// trendArgsAsm (the assembly where the processor has AVX2) gives argumentAt's bits (sameValue)
// and oks for every step of its run: random, constant and sparse series, special values (NaN,
// ±Inf, ±0, huge) in the sums, and trends with MinSigma 0, 1 and NaN and slope caps 1 to 3.
func TestTrendArgsEqualsArgumentAtBitForBit(t *testing.T) {
	rng := rand.New(rand.NewPCG(19, 20))
	special := []float64{0, math.Copysign(0, -1), math.Inf(1), math.Inf(-1), math.NaN(), 1e300, -1e300, 1e6, -1e6, 5e-324}
	runs := 0
	for round := 0; round < 6000; round++ {
		trend := FailureTrend{WindowSteps: 1 + rng.IntN(40), ProjectSteps: rng.IntN(50), MinSigma: []float64{0, 0.05, 1, math.NaN(), math.Inf(1)}[rng.IntN(5)]}
		if c := rng.IntN(5); c > 0 {
			// Absent (1), or a cap that scales the older slope where both rise.
			trend.SlopeCap = &[]float64{1, 1.5, 2, 3}[c-1]
		}
		if rng.IntN(10) == 0 {
			trend.ProjectSteps = -rng.IntN(5)
		}
		steps, F := 1+rng.IntN(120), 3
		z, missing := make([]float64, steps*F), make([]bool, steps*F)
		kind := rng.IntN(5)
		for i := range z {
			switch kind {
			case 0:
				z[i] = rng.NormFloat64()
			case 1:
				z[i] = 0.5 // constant: zero spread, ties in min and max
			case 2:
				z[i] = float64(i/F) * 0.01
			case 3:
				z[i] = special[rng.IntN(len(special))]
			default:
				z[i] = rng.NormFloat64()
				if rng.IntN(20) == 0 {
					z[i] = special[rng.IntN(len(special))]
				}
			}
			missing[i] = rng.IntN(4) == 0 && kind != 1
		}
		p := trendPrefix(z, missing, F, rng.IntN(F), steps, make([]float64, 6*(steps+1)))
		if round%3 == 0 {
			// Arbitrary sums (the counts kept): slopes and spreads of either sign, ±0, ±Inf
			// and NaN meet in math.Min and math.Max.
			pick := []float64{0, math.Copysign(0, -1), math.Inf(1), math.Inf(-1), math.NaN(), 1, -1, 2}
			for i := 1; i <= steps; i++ {
				p[i] = p[i-1] + float64(rng.IntN(3))
			}
			for i := steps + 1; i < len(p); i++ {
				switch rng.IntN(8) {
				case 0:
					p[i] = pick[rng.IntN(len(pick))]
				case 1, 2, 3:
					p[i] = float64(rng.IntN(7) - 3) // small integers: exact zeros and ties
				default:
					p[i] = rng.NormFloat64() * 10
				}
			}
		}
		limitZ := []float64{2, 0, math.Copysign(0, -1), -1, math.Inf(1), math.NaN()}[rng.IntN(6)]
		args, oks := make([]float64, steps), make([]uint64, steps)
		k0, n := trend.trendArgsAsm(p, steps, limitZ, args, oks)
		if n > 0 {
			runs++
		}
		for j := 0; j < n; j++ {
			want, wantOK := trend.argumentAt(p, k0+j, limitZ)
			if got, gotOK := args[j], oks[j] != 0; !sameValue(got, want) || gotOK != wantOK || (oks[j] != 0 && oks[j] != ^uint64(0)) {
				t.Fatalf("%+v, %d steps, limit %v, step %d: (%v %#x, %v) from the assembly, argumentAt (%v %#x, %v)", trend, steps, limitZ, k0+j, got, math.Float64bits(got), gotOK, want, math.Float64bits(want), wantOK)
			}
		}
	}
	if _, ok := asmLanes(); ok && runs == 0 {
		t.Fatal("the assembly took no steps")
	}
}

// The LSTM's cell update and h = o·tanh(c) (the assembly where the processor has AVX2, whole
// groups of four) give the pure-Go loops' bits for every length, special values included.
func TestCellKernelsEqualGoBitForBit(t *testing.T) {
	rng := rand.New(rand.NewPCG(23, 24))
	special := []float64{0, math.Copysign(0, -1), math.Inf(1), math.Inf(-1), math.NaN(), 1e308, -1e308, 5e-324}
	val := func() float64 {
		if rng.IntN(5) == 0 {
			return special[rng.IntN(len(special))]
		}
		return rng.NormFloat64() * 3
	}
	for n := 0; n <= 40; n++ {
		for round := 0; round < 50; round++ {
			c, ig, fg, cg := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
			for i := range c {
				c[i], ig[i], fg[i], cg[i] = val(), val(), val(), val()
			}
			c2, tanhC, tanhC2 := append([]float64(nil), c...), make([]float64, n), make([]float64, n)
			m := cellUpdateAsm(c, tanhC, ig, fg, cg)
			cellUpdateGo(c[m:], tanhC[m:], ig[m:], fg[m:], cg[m:])
			cellUpdateGo(c2, tanhC2, ig, fg, cg)
			for i := range c {
				if !sameValue(c[i], c2[i]) || !sameValue(tanhC[i], tanhC2[i]) {
					t.Fatalf("%d values, %d: c %v / %v, tanhC %v / %v", n, i, c[i], c2[i], tanhC[i], tanhC2[i])
				}
			}
			rows := n / lanes
			h, h2 := make([][lanes]float64, rows), make([][lanes]float64, rows)
			m = productAsm(h, ig, cg)
			productGo(h, ig, cg, m)
			productGo(h2, ig, cg, 0)
			for u := range h {
				for l := range lanes {
					if !sameValue(h[u][l], h2[u][l]) {
						t.Fatalf("%d rows: h[%d][%d] %v, Go gives %v", rows, u, l, h[u][l], h2[u][l])
					}
				}
			}
		}
	}
}

// expDivs (the assembly where the processor has AVX2, whole groups of four) gives the Go loop's
// bits for every length, special values included.
func TestExpDivsEqualsGoBitForBit(t *testing.T) {
	rng := rand.New(rand.NewPCG(25, 26))
	special := []float64{0, math.Copysign(0, -1), math.Inf(1), math.Inf(-1), math.NaN(), 800, -800, 900, -900, 709.78, -745.2, 1e300, 5e-324}
	for n := 0; n <= 40; n++ {
		for round := 0; round < 50; round++ {
			xs, nums := make([]float64, n), make([]float64, n)
			for i := range xs {
				xs[i], nums[i] = rng.NormFloat64()*3, rng.NormFloat64()*3
				if rng.IntN(4) == 0 {
					xs[i] = special[rng.IntN(len(special))]
				}
				if rng.IntN(6) == 0 {
					nums[i] = special[rng.IntN(len(special))]
				}
			}
			got := append([]float64(nil), xs...)
			expDivs(got, nums)
			for i, x := range xs {
				if want := nums[i] / expLSTM(x); !sameValue(got[i], want) {
					t.Fatalf("%d values: %v / e^%v is %v in expDivs, %v alone", n, nums[i], x, got[i], want)
				}
			}
		}
	}
}
