//go:build !purego

#include "textflag.h"

// func cellUpdateAVX2(c, tanhC, ig, fg, cg []float64)
//
// The LSTM's cell update four values at a time: c = fg·c + ig·cg (two products, rounded each,
// then their sum, as the Go loop), copied into tanhC. len(c) is a multiple of four; the others
// are at least as long.
TEXT ·cellUpdateAVX2(SB), NOSPLIT, $0-120
	MOVQ c_base+0(FP), SI
	MOVQ c_len+8(FP), CX
	MOVQ tanhC_base+24(FP), DI
	MOVQ ig_base+48(FP), AX
	MOVQ fg_base+72(FP), BX
	MOVQ cg_base+96(FP), DX
	SHRQ $2, CX
	JEQ  cellDone

cellLoop:
	VMOVUPD (BX), Y0
	VMULPD  (SI), Y0, Y0
	VMOVUPD (AX), Y1
	VMULPD  (DX), Y1, Y1
	VADDPD  Y1, Y0, Y0
	VMOVUPD Y0, (SI)
	VMOVUPD Y0, (DI)
	ADDQ    $32, SI
	ADDQ    $32, DI
	ADDQ    $32, AX
	ADDQ    $32, BX
	ADDQ    $32, DX
	DECQ    CX
	JNE     cellLoop

cellDone:
	VZEROUPPER
	RET

// func productAVX2(h [][lanes]float64, a, b []float64)
//
// h = a·b element by element (h's rows end to end), four at a time; len(a) is a multiple of
// four, b and h are at least as long.
TEXT ·productAVX2(SB), NOSPLIT, $0-72
	MOVQ h_base+0(FP), DI
	MOVQ a_len+32(FP), CX
	MOVQ a_base+24(FP), AX
	MOVQ b_base+48(FP), BX
	SHRQ $2, CX
	JEQ  productDone

productLoop:
	VMOVUPD (AX), Y0
	VMULPD  (BX), Y0, Y0
	VMOVUPD Y0, (DI)
	ADDQ    $32, DI
	ADDQ    $32, AX
	ADDQ    $32, BX
	DECQ    CX
	JNE     productLoop

productDone:
	VZEROUPPER
	RET
