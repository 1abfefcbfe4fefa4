package model

// The lane products (LaneModel.Step's gate and dense layers) have a pure-Go kernel and, where
// the processor has AVX2, an assembly one (matvec_lanes_amd64.s). Each packs the weights in
// the blocks it reads best; both run every sum in the same order with the same roundings, so
// they give the same bits (the tests compare them on many shapes).

// laneWidth is the outputs per block of the pure-Go lane products: three outputs × two lanes
// are six independent sums per input. The adds of one sum wait on each other (3 cycles each),
// so six chains keep two adders busy where four left them a third idle. Wider blocks are
// slower: the compiler schedules all of an input's products before their adds, and eight
// products plus eight sums do not fit the 15 usable floating-point registers, so they spill.
const laneWidth = 3

// laneKernel is one implementation of the lane products: mul computes, for both lanes,
// out[o·lanes + l] = bias[o] + Σ_k in[k][l]·W[k][o] for a matrix packed by pack; out covers
// whole blocks.
type laneKernel struct {
	width int // outputs per block
	mul   func(m *laneMatrix, in [][lanes]float64, out []float64)
}

// laneMatrix is a weight matrix packed for one laneKernel.
type laneMatrix struct {
	// w is the matrix in blocks of the kernel's width (packBlocks), for the assembly; rows is
	// the same regrouped by input, for the pure-Go kernel (indexing a flat slice there costs
	// bounds checks and spills, a third slower).
	w    []float64
	rows [][laneWidth]float64
	bias []float64 // padded to whole blocks
}

// pack lays out a row-major inputs × len(bias) matrix and its bias for the kernel.
func (k laneKernel) pack(w, bias []float64, inputs int) laneMatrix {
	m := laneMatrix{w: packBlocks(w, inputs, len(bias), k.width), bias: make([]float64, roundUp(len(bias), k.width))}
	copy(m.bias, bias)
	if k.width == laneWidth {
		m.rows = make([][laneWidth]float64, len(m.w)/laneWidth)
		for i := range m.rows {
			copy(m.rows[i][:], m.w[i*laneWidth:])
		}
	}
	return m
}

func roundUp(n, multiple int) int { return (n + multiple - 1) / multiple * multiple }

// goLanes is the pure-Go kernel, for every processor.
var goLanes = laneKernel{width: laneWidth, mul: matVecLanes}

// bestLanes is the fastest kernel this processor runs: the assembly one where there is one.
func bestLanes() laneKernel {
	if k, ok := asmLanes(); ok {
		return k
	}
	return goLanes
}

// matVecLanes is the pure-Go kernel. Each sum accumulates in a register in input order, as
// matVecBlocks does. The explicit float64 conversions keep every product rounded on its own:
// without them a GOAMD64=v3 build fuses the multiply-adds, and the kernels would differ.
func matVecLanes(m *laneMatrix, in [][lanes]float64, out []float64) {
	K := len(in)
	for b := 0; b*laneWidth < len(m.bias); b++ {
		wb := m.rows[b*K:][:K]
		bb := m.bias[b*laneWidth:][:laneWidth]
		// aOL: output O of the block, lane L.
		a00, a10, a20 := bb[0], bb[1], bb[2]
		a01, a11, a21 := a00, a10, a20
		for k := range wb {
			wk, v := &wb[k], &in[k]
			v0, v1 := v[0], v[1]
			a00 += float64(wk[0] * v0)
			a01 += float64(wk[0] * v1)
			a10 += float64(wk[1] * v0)
			a11 += float64(wk[1] * v1)
			a20 += float64(wk[2] * v0)
			a21 += float64(wk[2] * v1)
		}
		o := out[b*laneWidth*lanes:][:laneWidth*lanes]
		o[0], o[1], o[2], o[3], o[4], o[5] = a00, a01, a10, a11, a20, a21
	}
}
