//go:build !purego

#include "textflag.h"
#include "go_asm.h"

// FIT is fitLine over the prefix sums between the rows at A (first) and B (last + 1), four
// steps at a time, with the same operations in the same order: n, sj, sy, sjj, sjy, syy as
// differences of the six prefix columns (R9–R13: the column strides), mj = sj/n, my = sy/n,
// cxx = sjj − sj·mj, cxy = sjy − sj·my, slope = cxx > 0 ? cxy/cxx : 0, and
// sse = math.Max(0, (syy − sy·my) − slope·cxy). Where n is 0 fitLine returns its zero value;
// here the lanes hold NaN or Inf, but minPoints (at least 3) rejects them all the same.
// Y15 holds 0. Leaves n in Y0, my in Y4, cxx in Y5, slope in Y7, sse in Y8, mj in Y3.
#define FIT(A, B) \
	VMOVUPD (B), Y0; \
	VSUBPD  (A), Y0, Y0; \
	VMOVUPD (B)(R9*1), Y1; \
	VSUBPD  (A)(R9*1), Y1, Y1; \
	VMOVUPD (B)(R10*1), Y2; \
	VSUBPD  (A)(R10*1), Y2, Y2; \
	VDIVPD  Y0, Y1, Y3; \
	VDIVPD  Y0, Y2, Y4; \
	VMOVUPD (B)(R11*1), Y5; \
	VSUBPD  (A)(R11*1), Y5, Y5; \
	VMULPD  Y3, Y1, Y9; \
	VSUBPD  Y9, Y5, Y5; \
	VMOVUPD (B)(R12*1), Y6; \
	VSUBPD  (A)(R12*1), Y6, Y6; \
	VMULPD  Y4, Y1, Y9; \
	VSUBPD  Y9, Y6, Y6; \
	VDIVPD  Y5, Y6, Y7; \
	VCMPPD  $0x1e, Y15, Y5, Y10; \
	VANDPD  Y10, Y7, Y7; \
	VMOVUPD (B)(R13*1), Y8; \
	VSUBPD  (A)(R13*1), Y8, Y8; \
	VMULPD  Y4, Y2, Y9; \
	VSUBPD  Y9, Y8, Y8; \
	VMULPD  Y6, Y7, Y9; \
	VSUBPD  Y9, Y8, Y8; \
	VMAXPD  Y15, Y8, Y9; \
	VCMPPD  $3, Y8, Y8, Y10; \
	VBLENDVPD Y10, Y8, Y9, Y8

// GO_MIN_MAX is math.Min (VMINPD, VORPD, −Inf) or math.Max (VMAXPD, VANDPD, +Inf) of x = Y1 and
// y = Y7 into OUT, four lanes: x OP y, except where x == y (±0: the OR, for Min, or AND, for Max,
// of the bits) and where they are unordered (INF if either is INF, else NaN as x + y). Uses Y2,
// Y9, Y10 and Y11.
#define GO_MIN_MAX(OP, TIE, INF, OUT) \
	OP      Y7, Y1, Y2; \
	VCMPPD  $0, Y7, Y1, Y9; \
	TIE     Y7, Y1, Y10; \
	VBLENDVPD Y9, Y10, Y2, Y2; \
	VMOVUPD INF, Y11; \
	VCMPPD  $0, Y11, Y1, Y9; \
	VCMPPD  $0, Y11, Y7, Y10; \
	VORPD   Y10, Y9, Y9; \
	VADDPD  Y7, Y1, Y10; \
	VBLENDVPD Y9, Y11, Y10, Y10; \
	VCMPPD  $3, Y7, Y1, Y9; \
	VBLENDVPD Y9, Y10, Y2, OUT

// func trendArgsAVX2(p []float64, rowLen, half, k0, count int, minPoints, minSigma, project, limitZ, slopeCap float64, args []float64, oks []uint64)
//
// argumentAt for the count steps k0, k0+1, … (count a multiple of four, k0 ≥ 2·half − 1 and
// half ≥ 1, so no fit is clipped at row 0), four at a time: args gets the arguments (0 where
// not ok), oks all ones where ok, else 0. math.Min and math.Max are VMINPD and VMAXPD with their
// special cases blended in: ±0 (OR or AND of the bits), NaN, and ∓Inf over NaN.
//
// Registers: SI, DI, DX the prefix rows k−2·half+1, k−half+1, k+1; R9–R13 the strides of
// prefix columns 1–5; R8 args, R14 oks, CX groups left. Stack: the older fit's n, slope, sse,
// and the steps k as floats.
TEXT ·trendArgsAVX2(SB), NOSPLIT, $128-144
	MOVQ p_base+0(FP), AX
	MOVQ rowLen+24(FP), R9
	MOVQ half+32(FP), BX
	MOVQ k0+40(FP), CX
	LEAQ 8(AX)(CX*8), DX
	SHLQ $3, BX
	MOVQ DX, DI
	SUBQ BX, DI
	MOVQ DI, SI
	SUBQ BX, SI
	SHLQ $3, R9
	LEAQ (R9)(R9*1), R10
	LEAQ (R9)(R9*2), R11
	LEAQ (R9*4), R12
	LEAQ (R9)(R12*1), R13
	CVTSQ2SD CX, X0
	VBROADCASTSD X0, Y0
	VADDPD ·trendVectors+trendConsts_offsets(SB), Y0, Y0
	VMOVUPD Y0, 96(SP)
	MOVQ args_base+96(FP), R8
	MOVQ oks_base+120(FP), R14
	MOVQ count+48(FP), CX
	SHRQ $2, CX
	JEQ  done
	VXORPD Y15, Y15, Y15

loop:
	FIT(SI, DI)
	VMOVUPD Y0, 0(SP)
	VMOVUPD Y7, 32(SP)
	VMOVUPD Y8, 64(SP)
	FIT(DI, DX)

	// ok = older.n >= minPoints && newer.n >= minPoints
	VBROADCASTSD minPoints+56(FP), Y1
	VCMPPD $0x1d, Y1, Y0, Y2
	VMOVUPD 0(SP), Y6
	VCMPPD $0x1d, Y1, Y6, Y1
	VANDPD Y1, Y2, Y14

	// x = cappedOlderSlope(older.slope, newer.slope, slopeCap): slopeCap·older where both
	// slopes are > 0, else older
	VMOVUPD 32(SP), Y1
	VCMPPD  $0x1e, Y15, Y1, Y9
	VCMPPD  $0x1e, Y15, Y7, Y10
	VANDPD  Y10, Y9, Y9
	VBROADCASTSD slopeCap+88(FP), Y10
	VMULPD  Y1, Y10, Y10
	VBLENDVPD Y9, Y10, Y1, Y1

	// slope = math.Min(x, newer.slope): y = newer
	GO_MIN_MAX(VMINPD, VORPD, ·trendVectors+trendConsts_negInf(SB), Y13) // Y13: slope

	// sigma = math.Max(sqrt((older.sse + newer.sse) / ((older.n + newer.n) − 4)), minSigma)
	VADDPD  64(SP), Y8, Y1
	VADDPD  Y0, Y6, Y2
	VSUBPD  ·trendVectors+trendConsts_four(SB), Y2, Y2
	VDIVPD  Y2, Y1, Y1
	VSQRTPD Y1, Y1 // x
	VBROADCASTSD minSigma+64(FP), Y7 // y
	GO_MIN_MAX(VMAXPD, VANDPD, ·trendVectors+trendConsts_posInf(SB), Y12) // Y12: sigma

	// ahead = project − (newer.mj − k); mean = newer.my + slope·ahead
	VMOVUPD 96(SP), Y1
	VSUBPD  Y1, Y3, Y3
	VBROADCASTSD project+72(FP), Y2
	VSUBPD  Y3, Y2, Y2 // ahead
	VMULPD  Y2, Y13, Y13
	VADDPD  Y13, Y4, Y4 // mean
	VADDPD  ·trendVectors+trendConsts_four(SB), Y1, Y1
	VMOVUPD Y1, 96(SP)

	// spread = sigma · sqrt((1 + 1/newer.n) + ahead²/newer.cxx); arg = (limitZ − mean) / spread
	VMOVUPD ·trendVectors+trendConsts_one(SB), Y1
	VDIVPD  Y0, Y1, Y6
	VADDPD  Y6, Y1, Y6
	VMULPD  Y2, Y2, Y2
	VDIVPD  Y5, Y2, Y2
	VADDPD  Y2, Y6, Y6
	VSQRTPD Y6, Y6
	VMULPD  Y6, Y12, Y6
	VBROADCASTSD limitZ+80(FP), Y1
	VSUBPD  Y4, Y1, Y1
	VDIVPD  Y6, Y1, Y1
	VANDPD  Y14, Y1, Y1

	VMOVUPD Y1, (R8)
	VMOVDQU Y14, (R14)
	ADDQ $32, SI
	ADDQ $32, DI
	ADDQ $32, DX
	ADDQ $32, R8
	ADDQ $32, R14
	DECQ CX
	JNE  loop

done:
	VZEROUPPER
	RET
