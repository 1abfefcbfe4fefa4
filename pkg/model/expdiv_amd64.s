//go:build !purego

#include "textflag.h"
#include "go_asm.h"
#include "exp_amd64.h"

// func expDivAVX2(xs, nums []float64)
//
// xs[i] = nums[i] / expLSTM(xs[i]) four values at a time, operation for operation as the Go
// code (the exponential's steps as in activations_amd64.s). len(xs) is a multiple of four, nums
// at least as long.
//
// Registers: SI xs, DI nums, CX groups left, R8 expTable, R9–R12 table indices; Y15 1,
// Y12 −800, Y11 800.
TEXT ·expDivAVX2(SB), NOSPLIT, $0-48
	MOVQ xs_base+0(FP), SI
	MOVQ xs_len+8(FP), CX
	MOVQ nums_base+24(FP), DI
	SHRQ $2, CX
	JEQ  done
	VMOVUPD ·expVectors+expConsts_one(SB), Y15
	VMOVUPD ·expVectors+expConsts_clampLo(SB), Y12
	VMOVUPD ·expVectors+expConsts_clampHi(SB), Y11
	LEAQ    ·expTable(SB), R8

loop:
	VMOVUPD (SI), Y4
	EXP4_Y4_TO_Y10 // Y10 = e^Y4 (exp_amd64.h)

	VMOVUPD (DI), Y0
	VDIVPD  Y10, Y0, Y0
	VMOVUPD Y0, (SI)

	ADDQ $32, SI
	ADDQ $32, DI
	DECQ CX
	JNE  loop

done:
	VZEROUPPER
	RET
