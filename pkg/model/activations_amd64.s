//go:build !purego

#include "textflag.h"
#include "go_asm.h"

// func activateAVX2(xs []float64, ks []int64, scale, a, b float64)
//
// activateGo four values at a time, operation for operation: every step is a per-lane IEEE
// multiply, add, subtract or divide, or an exact min/max/integer step, so each lane gets the
// scalar code's bits. The clamps keep NaN as the scalar branches do (VMAXPD/VMINPD return their
// second source, x, when either is NaN); k is the low 32 bits of t, as int32 in the scalar
// code; the table entry is loaded by k & 63 (four scalar loads: a little faster than
// VGATHERQPD here); 2^e is built from k >> 6 clamped to [−1023, 1024] in 32-bit lanes, then
// shifted into the exponent field.
//
// Two passes, as in activateGo: reduce leaves the polynomial in xs and t's bits in ks, finish
// reassembles and divides. One pass is a chain of about 80 cycles per group, longer than the
// out-of-order window can overlap well; the two shorter passes are about a tenth faster.
//
// Registers: SI xs, DI ks, CX and DX groups left, AX and BX the slices' starts, R8 expTable,
// R9–R12 table indices; Y15 scale, Y14 a, Y13 b, Y12 −800, Y11 800.
TEXT ·activateAVX2(SB), NOSPLIT, $0-72
	MOVQ xs_base+0(FP), SI
	MOVQ xs_len+8(FP), CX
	MOVQ ks_base+24(FP), DI
	SHRQ $2, CX
	JEQ  done
	MOVQ CX, DX
	MOVQ SI, AX
	MOVQ DI, BX
	VBROADCASTSD scale+48(FP), Y15
	VBROADCASTSD a+56(FP), Y14
	VBROADCASTSD b+64(FP), Y13
	VMOVUPD ·expVectors+expConsts_clampLo(SB), Y12
	VMOVUPD ·expVectors+expConsts_clampHi(SB), Y11
	LEAQ ·expTable(SB), R8

reduce:
	VMOVUPD (SI), Y0
	VMULPD  Y15, Y0, Y0 // x *= scale
	VMAXPD  Y0, Y12, Y0 // −800 > x ? −800 : x
	VMINPD  Y0, Y11, Y0 // 800 < x ? 800 : x
	VMULPD  ·expVectors+expConsts_invLn2(SB), Y0, Y1
	VADDPD  ·expVectors+expConsts_round(SB), Y1, Y1 // t = x·invLn2 + round
	VSUBPD  ·expVectors+expConsts_round(SB), Y1, Y2 // kf = t − round
	VMULPD  ·expVectors+expConsts_ln2Hi(SB), Y2, Y3
	VSUBPD  Y3, Y0, Y3
	VMULPD  ·expVectors+expConsts_ln2Lo(SB), Y2, Y2
	VSUBPD  Y2, Y3, Y3 // r = (x − kf·ln2Hi) − kf·ln2Lo

	// p = r·(1 + r·(1/2 + r·(1/6 + r·(1/24 + r·(1/120)))))
	VMULPD ·expVectors+expConsts_c120(SB), Y3, Y4
	VADDPD ·expVectors+expConsts_c24(SB), Y4, Y4
	VMULPD Y4, Y3, Y4
	VADDPD ·expVectors+expConsts_c6(SB), Y4, Y4
	VMULPD Y4, Y3, Y4
	VADDPD ·expVectors+expConsts_c2(SB), Y4, Y4
	VMULPD Y4, Y3, Y4
	VADDPD ·expVectors+expConsts_one(SB), Y4, Y4
	VMULPD Y4, Y3, Y4

	VMOVUPD Y4, (SI)
	VMOVDQU Y1, (DI)
	ADDQ $32, SI
	ADDQ $32, DI
	DECQ CX
	JNE  reduce
	MOVQ AX, SI
	MOVQ BX, DI

finish:
	VMOVUPD (SI), Y4
	VMOVDQU (DI), Y1

	// m = expTable[k & 63]
	VPAND        ·expVectors+expConsts_tableMask(SB), Y1, Y5
	VMOVQ        X5, R9
	VPEXTRQ      $1, X5, R10
	VEXTRACTI128 $1, Y5, X6
	VMOVQ        X6, R11
	VPEXTRQ      $1, X6, R12
	VMOVSD       (R8)(R9*8), X7
	VMOVHPD      (R8)(R10*8), X7, X7
	VMOVSD       (R8)(R11*8), X10
	VMOVHPD      (R8)(R12*8), X10, X10
	VINSERTF128  $1, X10, Y7, Y7

	// 2^e, e = min(max(k >> 6, −1023), 1024), in the low 32 bits of each lane, then
	// (e + 1023) << 52 (the high 32 bits are shifted out).
	VPSRAD  $6, Y1, Y8
	VPMAXSD ·expVectors+expConsts_exponentMin(SB), Y8, Y8
	VPMINSD ·expVectors+expConsts_exponentMax(SB), Y8, Y8
	VPADDD  ·expVectors+expConsts_exponentBias(SB), Y8, Y8
	VPSLLQ  $52, Y8, Y8

	// a − b/((m + m·p)·2^e + 1)
	VMULPD  Y4, Y7, Y9
	VADDPD  Y9, Y7, Y9
	VMULPD  Y8, Y9, Y9
	VADDPD  ·expVectors+expConsts_one(SB), Y9, Y9
	VDIVPD  Y9, Y13, Y9
	VSUBPD  Y9, Y14, Y9
	VMOVUPD Y9, (SI)

	ADDQ $32, SI
	ADDQ $32, DI
	DECQ DX
	JNE  finish

done:
	VZEROUPPER
	RET
