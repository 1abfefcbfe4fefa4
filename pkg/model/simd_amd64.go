//go:build !purego

package model

import "golang.org/x/sys/cpu"

// The assembly kernels (*_amd64.s) need AVX2, with the operating system's support for its
// registers, which cpu.X86.HasAVX2 includes; elsewhere the pure-Go code runs. They use no FMA:
// a fused multiply-add rounds once where the pure-Go code rounds twice, and the two must give
// the same bits. The purego build tag leaves them out (simd_other.go).
var hasAVX2 = cpu.X86.HasAVX2

// avx2Groups is how many of n values the assembly kernels take: the longest prefix that is
// whole groups of four, where the processor has AVX2 (0 elsewhere); the pure-Go code does the rest.
func avx2Groups(n int) int {
	if !hasAVX2 {
		return 0
	}
	return n &^ 3
}
