//go:build !purego

#include "textflag.h"

// func matVecLanesAVX2(w, bias []float64, in [][lanes]float64, out []float64)
//
// Outputs in panels of four (packBlocks with width 4): one ymm holds four outputs of one lane,
// so each lane's sum is a vector lane of its own and takes VMULPD then VADDPD in input order,
// the scalar code's roundings exactly (no FMA, never summing across inputs). Four panels at a
// time give eight independent sums per input, enough to keep both adders busy through the add
// latency; a remaining two panels or one take the shorter loops. The sums are interleaved by
// lane on the way out (out[o·2 + l]).
//
// Registers: SI weights of the current panels, BX bias, CX outputs left, DI in, R8 len(in)·16,
// DX out, R9 one panel's bytes (len(in)·32), R10 three panels' bytes, AX offset into in,
// R11 weights of the current input.
TEXT ·matVecLanesAVX2(SB), NOSPLIT, $0-96
	MOVQ w_base+0(FP), SI
	MOVQ bias_base+24(FP), BX
	MOVQ bias_len+32(FP), CX
	MOVQ in_base+48(FP), DI
	MOVQ in_len+56(FP), R8
	MOVQ out_base+72(FP), DX
	MOVQ R8, R9
	SHLQ $5, R9
	LEAQ (R9)(R9*2), R10
	SHLQ $4, R8

panels4:
	CMPQ CX, $16
	JLT  panels2
	VMOVUPD 0(BX), Y0
	VMOVAPD Y0, Y1
	VMOVUPD 32(BX), Y2
	VMOVAPD Y2, Y3
	VMOVUPD 64(BX), Y4
	VMOVAPD Y4, Y5
	VMOVUPD 96(BX), Y6
	VMOVAPD Y6, Y7
	XORQ AX, AX
	MOVQ SI, R11
	TESTQ R8, R8
	JEQ  store4

loop4:
	VBROADCASTSD (DI)(AX*1), Y8
	VBROADCASTSD 8(DI)(AX*1), Y9
	VMOVUPD (R11), Y10
	VMULPD Y8, Y10, Y11
	VADDPD Y11, Y0, Y0
	VMULPD Y9, Y10, Y12
	VADDPD Y12, Y1, Y1
	VMOVUPD (R11)(R9*1), Y13
	VMULPD Y8, Y13, Y14
	VADDPD Y14, Y2, Y2
	VMULPD Y9, Y13, Y15
	VADDPD Y15, Y3, Y3
	VMOVUPD (R11)(R9*2), Y10
	VMULPD Y8, Y10, Y11
	VADDPD Y11, Y4, Y4
	VMULPD Y9, Y10, Y12
	VADDPD Y12, Y5, Y5
	VMOVUPD (R11)(R10*1), Y13
	VMULPD Y8, Y13, Y14
	VADDPD Y14, Y6, Y6
	VMULPD Y9, Y13, Y15
	VADDPD Y15, Y7, Y7
	ADDQ $32, R11
	ADDQ $16, AX
	CMPQ AX, R8
	JLT  loop4

store4:
	// Lane 0 in Y0, lane 1 in Y1 (outputs a0…a3, b0…b3) become a0 b0 a1 b1 | a2 b2 a3 b3.
	VUNPCKLPD Y1, Y0, Y8
	VUNPCKHPD Y1, Y0, Y9
	VPERM2F128 $0x20, Y9, Y8, Y10
	VPERM2F128 $0x31, Y9, Y8, Y11
	VMOVUPD Y10, 0(DX)
	VMOVUPD Y11, 32(DX)
	VUNPCKLPD Y3, Y2, Y8
	VUNPCKHPD Y3, Y2, Y9
	VPERM2F128 $0x20, Y9, Y8, Y10
	VPERM2F128 $0x31, Y9, Y8, Y11
	VMOVUPD Y10, 64(DX)
	VMOVUPD Y11, 96(DX)
	VUNPCKLPD Y5, Y4, Y8
	VUNPCKHPD Y5, Y4, Y9
	VPERM2F128 $0x20, Y9, Y8, Y10
	VPERM2F128 $0x31, Y9, Y8, Y11
	VMOVUPD Y10, 128(DX)
	VMOVUPD Y11, 160(DX)
	VUNPCKLPD Y7, Y6, Y8
	VUNPCKHPD Y7, Y6, Y9
	VPERM2F128 $0x20, Y9, Y8, Y10
	VPERM2F128 $0x31, Y9, Y8, Y11
	VMOVUPD Y10, 192(DX)
	VMOVUPD Y11, 224(DX)
	ADDQ $256, DX
	ADDQ $128, BX
	LEAQ (SI)(R9*4), SI
	SUBQ $16, CX
	JMP  panels4

panels2:
	CMPQ CX, $8
	JLT  panels1
	VMOVUPD 0(BX), Y0
	VMOVAPD Y0, Y1
	VMOVUPD 32(BX), Y2
	VMOVAPD Y2, Y3
	XORQ AX, AX
	MOVQ SI, R11
	TESTQ R8, R8
	JEQ  store2

loop2:
	VBROADCASTSD (DI)(AX*1), Y8
	VBROADCASTSD 8(DI)(AX*1), Y9
	VMOVUPD (R11), Y10
	VMULPD Y8, Y10, Y11
	VADDPD Y11, Y0, Y0
	VMULPD Y9, Y10, Y12
	VADDPD Y12, Y1, Y1
	VMOVUPD (R11)(R9*1), Y13
	VMULPD Y8, Y13, Y14
	VADDPD Y14, Y2, Y2
	VMULPD Y9, Y13, Y15
	VADDPD Y15, Y3, Y3
	ADDQ $32, R11
	ADDQ $16, AX
	CMPQ AX, R8
	JLT  loop2

store2:
	VUNPCKLPD Y1, Y0, Y8
	VUNPCKHPD Y1, Y0, Y9
	VPERM2F128 $0x20, Y9, Y8, Y10
	VPERM2F128 $0x31, Y9, Y8, Y11
	VMOVUPD Y10, 0(DX)
	VMOVUPD Y11, 32(DX)
	VUNPCKLPD Y3, Y2, Y8
	VUNPCKHPD Y3, Y2, Y9
	VPERM2F128 $0x20, Y9, Y8, Y10
	VPERM2F128 $0x31, Y9, Y8, Y11
	VMOVUPD Y10, 64(DX)
	VMOVUPD Y11, 96(DX)
	ADDQ $128, DX
	ADDQ $64, BX
	LEAQ (SI)(R9*2), SI
	SUBQ $8, CX
	JMP  panels2

panels1:
	CMPQ CX, $4
	JLT  done
	VMOVUPD 0(BX), Y0
	VMOVAPD Y0, Y1
	XORQ AX, AX
	MOVQ SI, R11
	TESTQ R8, R8
	JEQ  store1

loop1:
	VBROADCASTSD (DI)(AX*1), Y8
	VBROADCASTSD 8(DI)(AX*1), Y9
	VMOVUPD (R11), Y10
	VMULPD Y8, Y10, Y11
	VADDPD Y11, Y0, Y0
	VMULPD Y9, Y10, Y12
	VADDPD Y12, Y1, Y1
	ADDQ $32, R11
	ADDQ $16, AX
	CMPQ AX, R8
	JLT  loop1

store1:
	VUNPCKLPD Y1, Y0, Y8
	VUNPCKHPD Y1, Y0, Y9
	VPERM2F128 $0x20, Y9, Y8, Y10
	VPERM2F128 $0x31, Y9, Y8, Y11
	VMOVUPD Y10, 0(DX)
	VMOVUPD Y11, 32(DX)
	ADDQ $64, DX
	ADDQ $32, BX
	ADDQ R9, SI
	SUBQ $4, CX
	JMP  panels1

done:
	VZEROUPPER
	RET
