// The table exponential of activations_amd64.s on four lanes, shared by the kernels that need
// e^w inside a longer computation (normalcdf_amd64.s, expdiv_amd64.s); the same IEEE steps as
// expLSTM, so each lane gets the Go code's bits:
//   w clamped to ±800 (Y12 −800, Y11 800), t = w·(64/ln2) + 1.5·2^52 (k in the low bits),
//   kf = t − 1.5·2^52, r = (w − kf·ln2Hi) − kf·ln2Lo, p = e^r − 1 by its polynomial,
//   m = expTable[k & 63], e = min(max(k >> 6, −1023), 1024), e^w = (m + m·p)·2^e.
// In: Y4 = w, Y15 = 1, R8 = &expTable. Out: Y10 = e^w. Clobbers Y4–Y10 and R9–R12.
#define EXP4_Y4_TO_Y10 \
	VMAXPD  Y4, Y12, Y4; \
	VMINPD  Y4, Y11, Y4; \
	VMULPD  ·expVectors+expConsts_invLn2(SB), Y4, Y5; \
	VADDPD  ·expVectors+expConsts_round(SB), Y5, Y5; \
	VSUBPD  ·expVectors+expConsts_round(SB), Y5, Y6; \
	VMULPD  ·expVectors+expConsts_ln2Hi(SB), Y6, Y7; \
	VSUBPD  Y7, Y4, Y7; \
	VMULPD  ·expVectors+expConsts_ln2Lo(SB), Y6, Y6; \
	VSUBPD  Y6, Y7, Y7; \
	VMULPD ·expVectors+expConsts_c120(SB), Y7, Y8; \
	VADDPD ·expVectors+expConsts_c24(SB), Y8, Y8; \
	VMULPD Y8, Y7, Y8; \
	VADDPD ·expVectors+expConsts_c6(SB), Y8, Y8; \
	VMULPD Y8, Y7, Y8; \
	VADDPD ·expVectors+expConsts_c2(SB), Y8, Y8; \
	VMULPD Y8, Y7, Y8; \
	VADDPD Y15, Y8, Y8; \
	VMULPD Y8, Y7, Y8; \
	VPAND        ·expVectors+expConsts_tableMask(SB), Y5, Y6; \
	VMOVQ        X6, R9; \
	VPEXTRQ      $1, X6, R10; \
	VEXTRACTI128 $1, Y6, X7; \
	VMOVQ        X7, R11; \
	VPEXTRQ      $1, X7, R12; \
	VMOVSD       (R8)(R9*8), X9; \
	VMOVHPD      (R8)(R10*8), X9, X9; \
	VMOVSD       (R8)(R11*8), X10; \
	VMOVHPD      (R8)(R12*8), X10, X10; \
	VINSERTF128  $1, X10, Y9, Y9; \
	VPSRAD  $6, Y5, Y5; \
	VPMAXSD ·expVectors+expConsts_exponentMin(SB), Y5, Y5; \
	VPMINSD ·expVectors+expConsts_exponentMax(SB), Y5, Y5; \
	VPADDD  ·expVectors+expConsts_exponentBias(SB), Y5, Y5; \
	VPSLLQ  $52, Y5, Y5; \
	VMULPD Y8, Y9, Y10; \
	VADDPD Y10, Y9, Y10; \
	VMULPD Y5, Y10, Y10
