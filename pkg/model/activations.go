package model

import "math"

// The LSTM evaluates five activations per unit and step (three sigmoids, two tanh), each an
// exponential: math.Exp and math.Tanh were a quarter of the scoring time, mostly in their
// special-case branches. expLSTM is a branch-free exponential accurate to a few ulps (far
// inside the 1e-5 agreement with tfjs's float32 kernels) that the activations share.
//
// The exponential is too large for the compiler to inline, and a call per activation costs
// more than the arithmetic (every floating-point register is spilled around it), so the
// kernel lives in a loop over a whole slice (expScaled); StepLanes runs it over all of a
// step's gates at once, and the scalar forms below call it on one value.

// expTableBits: e^x = 2^(k/64) · e^r with |r| ≤ ln2/128, 2^(j/64) from a table.
const expTableBits = 6

// expTable holds 2^(j/64) for j = 0 … 63.
var expTable = func() (t [1 << expTableBits]float64) {
	for j := range t {
		t[j] = math.Exp2(float64(j) / (1 << expTableBits))
	}
	return t
}()

// expScaled replaces every x in xs with e^(scale·x) within a few ulps, without data-dependent
// branches (gate inputs change sign and size unpredictably). Below about −709 (where e^x is
// subnormal) the result is 0, above about 709.78 +Inf; ±Inf give 0 and +Inf, NaN gives NaN.
// scale is −1 or 2 in the LSTM (both exact), so sigmoid and tanh read exactly e^−x and e^2x.
func expScaled(xs []float64, scale float64) {
	const (
		invLn2 = (1 << expTableBits) / math.Ln2
		// ln2/64 split so that k·ln2Hi is exact for the k here (as in math/exp.go).
		ln2Hi = 6.93147180369123816490e-01 / (1 << expTableBits)
		ln2Lo = 1.90821492927058770002e-10 / (1 << expTableBits)
		// Adding 1.5·2^52 rounds to an integer and leaves it in the low mantissa bits.
		round = 0x1.8p52
	)
	for i, x := range xs {
		x *= scale
		// Clamping keeps k small enough for the rounding trick; NaN fails both tests and stays
		// NaN. (Branches, not min/max: these are almost never taken, so they predict perfectly
		// and cost less than min/max's NaN-propagating instruction sequences.)
		if x < -800 {
			x = -800
		}
		if x > 800 {
			x = 800
		}
		t := x*invLn2 + round
		k := int64(int32(math.Float64bits(t))) // the rounded k, sign included
		kf := t - round
		r := (x - kf*ln2Hi) - kf*ln2Lo
		// e^r − 1 by Taylor to r⁵: the next term is below 4e-17 for |r| ≤ ln2/128.
		p := r * (1 + r*(1.0/2+r*(1.0/6+r*(1.0/24+r*(1.0/120)))))
		m := expTable[k&(1<<expTableBits-1)]
		// 2^e as a float's exponent field: e = −1023 gives 0 (flushing the subnormal range),
		// e = 1024 the exponent of +Inf.
		e := min(max(k>>expTableBits, -1023), 1024)
		xs[i] = (m + m*p) * math.Float64frombits(uint64(e+1023)<<52)
	}
}

// expLSTM is e^x as expScaled computes it, for one value.
func expLSTM(x float64) float64 {
	v := [1]float64{x}
	expScaled(v[:], 1)
	return v[0]
}

// sigmoid is 1/(1+e^−x) without a branch on the sign: gate inputs change sign unpredictably,
// and a mispredicted branch costs more than the division. For x < −709 e^−x is +Inf and the
// result 0, as it should be. sigmoidOf is the same from e^−x.
func sigmoid(x float64) float64 {
	return sigmoidOf(expLSTM(-x))
}

func sigmoidOf(expNegX float64) float64 { return 1 / (1 + expNegX) }

// tanhLSTM is tanh as 1 − 2/(e^2x + 1): one exponential and no branches. Near 0 its relative
// error grows (the absolute error stays about 1e-16), which is what the LSTM's sums see.
// tanhOf is the same from e^2x.
func tanhLSTM(x float64) float64 {
	return tanhOf(expLSTM(2 * x))
}

func tanhOf(exp2X float64) float64 { return 1 - 2/(exp2X+1) }
