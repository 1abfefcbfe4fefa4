//go:build !purego

#include "textflag.h"
#include "go_asm.h"
#include "exp_amd64.h"

// func normalCDFAVX2(xs []float64)
//
// NormalCDF four values at a time, operation for operation (see activations_amd64.s for the
// exponential, expLSTM's steps): |x| by clearing the sign bit, every other step a per-lane IEEE
// multiply, add, subtract or divide, or an exact min/max/integer step, so each lane gets the
// scalar code's bits. The branch on x >= 0 is a blend of 1 + erf and 1 − erf on an ordered
// compare (false for NaN, true for −0, as in Go).
//
// Registers: SI xs, CX groups left, R8 expTable, R9–R12 table indices; Y15 1, Y14 0,
// Y12 −800, Y11 800.
TEXT ·normalCDFAVX2(SB), NOSPLIT, $0-24
	MOVQ xs_base+0(FP), SI
	MOVQ xs_len+8(FP), CX
	SHRQ $2, CX
	JEQ  done
	VMOVUPD ·expVectors+expConsts_one(SB), Y15
	VXORPD  Y14, Y14, Y14
	VMOVUPD ·expVectors+expConsts_clampLo(SB), Y12
	VMOVUPD ·expVectors+expConsts_clampHi(SB), Y11
	LEAQ    ·expTable(SB), R8

loop:
	VMOVUPD (SI), Y0
	VANDPD  ·normalVectors+normalConsts_absMask(SB), Y0, Y1
	VDIVPD  ·normalVectors+normalConsts_sqrt2(SB), Y1, Y1 // z = |x| / √2
	VMULPD  ·normalVectors+normalConsts_p(SB), Y1, Y2
	VADDPD  Y15, Y2, Y2
	VDIVPD  Y2, Y15, Y2 // t = 1 / (1 + p·z)

	// poly = t·(a1 + t·(a2 + t·(a3 + t·(a4 + t·a5))))
	VMULPD ·normalVectors+normalConsts_a5(SB), Y2, Y3
	VADDPD ·normalVectors+normalConsts_a4(SB), Y3, Y3
	VMULPD Y3, Y2, Y3
	VADDPD ·normalVectors+normalConsts_a3(SB), Y3, Y3
	VMULPD Y3, Y2, Y3
	VADDPD ·normalVectors+normalConsts_a2(SB), Y3, Y3
	VMULPD Y3, Y2, Y3
	VADDPD ·normalVectors+normalConsts_a1(SB), Y3, Y3
	VMULPD Y3, Y2, Y3

	// w = −z·z, then expLSTM(w): expArgument, expPolynomial, expFinish.
	VXORPD ·normalVectors+normalConsts_signBit(SB), Y1, Y4
	VMULPD Y1, Y4, Y4
	EXP4_Y4_TO_Y10 // Y10 = e^Y4 (exp_amd64.h)

	// erf = 1 − poly·e^w; x >= 0 ? 0.5·(1 + erf) : 0.5·(1 − erf)
	VMULPD    Y10, Y3, Y10
	VSUBPD    Y10, Y15, Y10
	VADDPD    Y10, Y15, Y6
	VSUBPD    Y10, Y15, Y7
	VCMPPD    $0x1d, Y14, Y0, Y13 // x >= 0, ordered
	VBLENDVPD Y13, Y6, Y7, Y6
	VMULPD    ·normalVectors+normalConsts_half(SB), Y6, Y6
	VMOVUPD   Y6, (SI)

	ADDQ $32, SI
	DECQ CX
	JNE  loop

done:
	VZEROUPPER
	RET
