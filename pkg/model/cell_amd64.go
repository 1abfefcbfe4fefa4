//go:build !purego

package model

// cellUpdateAVX2 and productAVX2 are cellUpdateGo and productGo for lengths a multiple of four
// (cell_amd64.s); productAVX2 takes its length from a.
//
//go:noescape
func cellUpdateAVX2(c, tanhC, ig, fg, cg []float64)

//go:noescape
func productAVX2(h [][lanes]float64, a, b []float64)

// cellUpdateAsm does cellUpdateGo's work on the longest prefix that is whole groups of four,
// where the processor has AVX2, and returns its length (0 elsewhere).
func cellUpdateAsm(c, tanhC, ig, fg, cg []float64) int {
	n := avx2Groups(len(c))
	if n > 0 {
		cellUpdateAVX2(c[:n], tanhC[:n], ig[:n], fg[:n], cg[:n])
	}
	return n
}

// productAsm does productGo's work on the longest prefix of whole groups of four values (h's
// rows end to end), where the processor has AVX2, and returns its length (0 elsewhere).
func productAsm(h [][lanes]float64, a, b []float64) int {
	n := avx2Groups(len(h) * lanes)
	if n > 0 {
		productAVX2(h, a[:n], b[:n])
	}
	return n
}
