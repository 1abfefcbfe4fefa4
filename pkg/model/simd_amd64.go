//go:build !purego

package model

import "golang.org/x/sys/cpu"

// The assembly kernels (*_amd64.s) need AVX2, with the operating system's support for its
// registers, which cpu.X86.HasAVX2 includes; elsewhere the pure-Go code runs. They use no FMA:
// a fused multiply-add rounds once where the pure-Go code rounds twice, and the two must give
// the same bits. The purego build tag leaves them out (simd_other.go).
var hasAVX2 = cpu.X86.HasAVX2
