//go:build !purego

package model

// activateAVX2 is activate for len(xs) a multiple of four, with ks scratch of the same length
// (activations_amd64.s).
//
//go:noescape
func activateAVX2(xs []float64, ks []int64, scale, a, b float64)

// expConsts holds the constants of expReduce and expFinish four times over (the 32-bit ones
// eight times), for the assembly's vector operands; go_asm.h gives it the field offsets.
type expConsts struct {
	invLn2, round, ln2Hi, ln2Lo [4]float64
	c120, c24, c6, c2, one      [4]float64 // the Taylor coefficients, innermost first
	clampLo, clampHi            [4]float64
	tableMask                   [4]int64
	exponentMin, exponentMax    [8]int32
	exponentBias                [8]int32
}

func four(v float64) [4]float64 { return [4]float64{v, v, v, v} }

func eight(v int32) [8]int32 { return [8]int32{v, v, v, v, v, v, v, v} }

// expVectors: the same constant expressions as expReduce's and expFinish's.
var expVectors = expConsts{
	invLn2: four(expInvLn2), round: four(expRound), ln2Hi: four(expLn2Hi), ln2Lo: four(expLn2Lo),
	c120: four(1.0 / 120), c24: four(1.0 / 24), c6: four(1.0 / 6), c2: four(1.0 / 2), one: four(1),
	clampLo: four(-expClamp), clampHi: four(expClamp),
	tableMask:   [4]int64{1<<expTableBits - 1, 1<<expTableBits - 1, 1<<expTableBits - 1, 1<<expTableBits - 1},
	exponentMin: eight(-1023), exponentMax: eight(1024), exponentBias: eight(1023),
}

// activateAsm applies act to the longest prefix of xs that is whole groups of four, where the
// processor has AVX2, and returns its length (0 elsewhere).
func activateAsm(xs []float64, ks []int64, act activation) int {
	n := avx2Groups(len(xs))
	if n > 0 {
		activateAVX2(xs[:n], ks[:n], act.scale, act.a, act.b)
	}
	return n
}
