//go:build !purego

#include "textflag.h"
#include "go_asm.h"

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
	VMAXPD  Y4, Y12, Y4 // −800 > x ? −800 : x
	VMINPD  Y4, Y11, Y4 // 800 < x ? 800 : x
	VMULPD  ·expVectors+expConsts_invLn2(SB), Y4, Y5
	VADDPD  ·expVectors+expConsts_round(SB), Y5, Y5 // t = x·invLn2 + round (k in the low bits)
	VSUBPD  ·expVectors+expConsts_round(SB), Y5, Y6 // kf = t − round
	VMULPD  ·expVectors+expConsts_ln2Hi(SB), Y6, Y7
	VSUBPD  Y7, Y4, Y7
	VMULPD  ·expVectors+expConsts_ln2Lo(SB), Y6, Y6
	VSUBPD  Y6, Y7, Y7 // r = (x − kf·ln2Hi) − kf·ln2Lo

	VMULPD ·expVectors+expConsts_c120(SB), Y7, Y8
	VADDPD ·expVectors+expConsts_c24(SB), Y8, Y8
	VMULPD Y8, Y7, Y8
	VADDPD ·expVectors+expConsts_c6(SB), Y8, Y8
	VMULPD Y8, Y7, Y8
	VADDPD ·expVectors+expConsts_c2(SB), Y8, Y8
	VMULPD Y8, Y7, Y8
	VADDPD Y15, Y8, Y8
	VMULPD Y8, Y7, Y8 // e^r − 1

	// m = expTable[k & 63]
	VPAND        ·expVectors+expConsts_tableMask(SB), Y5, Y6
	VMOVQ        X6, R9
	VPEXTRQ      $1, X6, R10
	VEXTRACTI128 $1, Y6, X7
	VMOVQ        X7, R11
	VPEXTRQ      $1, X7, R12
	VMOVSD       (R8)(R9*8), X9
	VMOVHPD      (R8)(R10*8), X9, X9
	VMOVSD       (R8)(R11*8), X10
	VMOVHPD      (R8)(R12*8), X10, X10
	VINSERTF128  $1, X10, Y9, Y9

	// 2^e, e = min(max(k >> 6, −1023), 1024)
	VPSRAD  $6, Y5, Y5
	VPMAXSD ·expVectors+expConsts_exponentMin(SB), Y5, Y5
	VPMINSD ·expVectors+expConsts_exponentMax(SB), Y5, Y5
	VPADDD  ·expVectors+expConsts_exponentBias(SB), Y5, Y5
	VPSLLQ  $52, Y5, Y5

	VMULPD Y8, Y9, Y10
	VADDPD Y10, Y9, Y10
	VMULPD Y5, Y10, Y10 // e^x = (m + m·p)·2^e

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
