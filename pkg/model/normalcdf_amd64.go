//go:build !purego

package model

import "math"

// normalCDFAVX2 is normalCDFs for len(xs) a multiple of four (normalcdf_amd64.s).
//
//go:noescape
func normalCDFAVX2(xs []float64)

// normalConsts holds NormalCDF's constants four times over, for the assembly's vector operands
// (the exponential's come from expVectors); go_asm.h gives it the field offsets.
type normalConsts struct {
	absMask, signBit   [4]uint64
	sqrt2, p, half     [4]float64
	a1, a2, a3, a4, a5 [4]float64
}

func fourBits(v uint64) [4]uint64 { return [4]uint64{v, v, v, v} }

// normalVectors: the same constants as NormalCDF's.
var normalVectors = normalConsts{
	absMask: fourBits(1<<63 - 1), signBit: fourBits(1 << 63),
	sqrt2: four(math.Sqrt2), p: four(normalP), half: four(0.5),
	a1: four(normalA1), a2: four(normalA2), a3: four(normalA3), a4: four(normalA4), a5: four(normalA5),
}

// normalCDFAsm replaces the longest prefix of xs that is whole groups of four with the normal
// CDFs, where the processor has AVX2, and returns its length (0 elsewhere).
func normalCDFAsm(xs []float64) int {
	n := avx2Groups(len(xs))
	if n > 0 {
		normalCDFAVX2(xs[:n])
	}
	return n
}

// expDivAVX2 is expDivs for len(xs) a multiple of four (expdiv_amd64.s).
//
//go:noescape
func expDivAVX2(xs, nums []float64)

// expDivAsm does expDivs' work on the longest prefix of xs that is whole groups of four, where
// the processor has AVX2, and returns its length (0 elsewhere).
func expDivAsm(xs, nums []float64) int {
	n := avx2Groups(len(xs))
	if n > 0 {
		expDivAVX2(xs[:n], nums[:n])
	}
	return n
}
