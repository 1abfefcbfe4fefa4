package model

import "math"

// The LSTM evaluates five activations per unit and step (three sigmoids, two tanh), each an
// exponential: math.Exp and math.Tanh were a quarter of the scoring time, mostly in their
// special-case branches. The activations here share a branch-free table exponential accurate
// to a few ulps (far inside the 1e-5 agreement with tfjs's float32 kernels).
//
// They run over a whole gate at a time (activate), in three passes: argument reduction, the
// polynomial, then reassembly with the activation's division. One element's exponential is a
// chain of about 80 cycles of dependent operations; in a single loop the processor can only
// overlap a few elements (its reorder window fills with their instructions), in short passes
// it overlaps many, and the divisions of the last pass run beside the other work. A call per
// value would be slower still: the exponential is too large to inline, and every
// floating-point register is spilled around a call.

// expTableBits: e^x = 2^(k/64) · e^r with |r| ≤ ln2/128, 2^(j/64) from a table.
const expTableBits = 6

// expTable holds 2^(j/64) for j = 0 … 63.
var expTable = func() (t [1 << expTableBits]float64) {
	for j := range t {
		t[j] = math.Exp2(float64(j) / (1 << expTableBits))
	}
	return t
}()

// activation is x ↦ a − b/(e^(scale·x) + 1): the logistic sigmoid 1/(1 + e^−x) with
// (scale, a, b) = (−1, 0, −1), tanh as 1 − 2/(e^2x + 1) with (2, 1, 2). Both forms give exactly
// the value of the textbook expression on the same exponential (negating an operand of a
// division or subtraction from 0 is exact), and neither branches on the sign of x: gate
// inputs change sign unpredictably, and a mispredicted branch costs more than the division.
// Near 0 tanh's relative error grows (the absolute error stays about 1e-16), which is what the
// LSTM's sums see. For scale·x below about −709 the exponential is 0, above about 709.78 +Inf,
// so the activations reach their limits exactly.
type activation struct{ scale, a, b float64 }

var (
	sigmoidAct = activation{scale: -1, a: 0, b: -1}
	tanhAct    = activation{scale: 2, a: 1, b: 2}
)

// activate replaces every x in xs with act(x); ks is scratch of at least len(xs). Where the
// processor has AVX2 the assembly takes whole groups of four (activateAsm) and the pure-Go
// code any rest; both give the same bits.
func activate(xs []float64, ks []int64, act activation) {
	n := activateAsm(xs, ks, act)
	activateGo(xs[n:], ks, act)
}

// activateGo is activate in pure Go.
func activateGo(xs []float64, ks []int64, act activation) {
	ks = ks[:len(xs)]
	expReduce(xs, ks, act.scale)
	a, b := act.a, act.b
	for i, p := range xs {
		xs[i] = a - b/(expFinish(p, ks[i])+1)
	}
}

// The constants of expReduce (the assembly reads them too, activations_amd64.go).
const (
	expInvLn2 = (1 << expTableBits) / math.Ln2
	// ln2/64 split so that k·ln2Hi is exact for the k here (as in math/exp.go).
	expLn2Hi = 6.93147180369123816490e-01 / (1 << expTableBits)
	expLn2Lo = 1.90821492927058770002e-10 / (1 << expTableBits)
	// Adding 1.5·2^52 rounds to an integer and leaves it in the low mantissa bits.
	expRound = 0x1.8p52
	// Clamping the argument to ±expClamp keeps k small enough for the rounding trick.
	expClamp = 800
)

// expReduce is the first two passes of e^(scale·x): it leaves in ks[i] the k of
// e^x = 2^(k/64) · e^r and in xs[i] the polynomial e^r − 1, for expFinish. Below about −709
// (where e^x is subnormal) the result will be 0, above about 709.78 +Inf; ±Inf give 0 and
// +Inf, NaN gives NaN. scale is −1 or 2 in the LSTM: both exact.
//
// The explicit float64 conversions keep every product rounded on its own, as the assembly
// rounds it: without them a GOAMD64=v3 build fuses multiply-adds.
func expReduce(xs []float64, ks []int64, scale float64) {
	ks = ks[:len(xs)]
	for i, x := range xs {
		xs[i], ks[i] = expArgument(x * scale)
	}
	for i, r := range xs {
		xs[i] = expPolynomial(r)
	}
}

// expArgument reduces x: e^x = 2^(k/64) · e^r with |r| ≤ ln2/128.
func expArgument(x float64) (r float64, k int64) {
	// NaN fails both tests and stays NaN. (Branches, not min/max: they are almost never
	// taken, so they predict perfectly and cost less than min/max's NaN-propagating
	// instruction sequences.)
	if x < -expClamp {
		x = -expClamp
	}
	if x > expClamp {
		x = expClamp
	}
	t := float64(x*expInvLn2) + expRound
	kf := t - expRound
	return (x - float64(kf*expLn2Hi)) - float64(kf*expLn2Lo), int64(int32(math.Float64bits(t))) // k: the rounded t, sign included
}

// expPolynomial is e^r − 1 by Taylor to r⁵: the next term is below 4e-17 for |r| ≤ ln2/128.
func expPolynomial(r float64) float64 {
	return r * (1 + float64(r*(1.0/2+float64(r*(1.0/6+float64(r*(1.0/24+float64(r*(1.0/120)))))))))
}

// expFinish reassembles e^x = 2^(k/64) · (1 + p) from expReduce's k and p.
func expFinish(p float64, k int64) float64 {
	m := expTable[k&(1<<expTableBits-1)]
	// 2^e as a float's exponent field: e = −1023 gives 0 (flushing the subnormal range),
	// e = 1024 the exponent of +Inf.
	e := min(max(k>>expTableBits, -1023), 1024)
	return (m + float64(m*p)) * math.Float64frombits(uint64(e+1023)<<52)
}

// expLSTM is the same exponential for one value, without expReduce's slices (the failure part
// calls it fifteen times per host and step); sigmoid and tanhLSTM are the activations for one
// value.
func expLSTM(x float64) float64 {
	r, k := expArgument(x)
	return expFinish(expPolynomial(r), k)
}

func sigmoid(x float64) float64 { return activateOne(x, sigmoidAct) }

func tanhLSTM(x float64) float64 { return activateOne(x, tanhAct) }

func activateOne(x float64, act activation) float64 {
	v, k := [1]float64{x}, [1]int64{}
	activate(v[:], k[:], act)
	return v[0]
}
