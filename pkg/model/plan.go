package model

import (
	"fmt"
	"time"
)

// Chunk is one epoch-aligned chunk of the warm-up rule (streamingPlan.ts): the LSTM starts from
// a zero state at InputStartMs (WarmupSteps before ChunkStartMs) and carries it through.
type Chunk struct {
	ChunkStartMs, InputStartMs, FirstOutputMs, LastOutputMs int64
}

// ChunkPlan lists the chunks that cover a scored range and the data it needs.
type ChunkPlan struct {
	FetchStartMs, FirstScoredMs, LastScoredMs int64
	Chunks                                    []Chunk
}

// PlanChunks cuts [startMs, endMs] by the shared warm-up rule: chunks at multiples of
// ChunkSteps × step since the Unix epoch, so a point's value never depends on the query range.
func PlanChunks(stepMs int64, rule StreamingRule, startMs, endMs int64) (ChunkPlan, error) {
	if stepMs <= 0 || rule.ChunkSteps <= 0 || rule.WarmupSteps < 0 {
		return ChunkPlan{}, fmt.Errorf("bad streaming rule: step %d ms, %+v", stepMs, rule)
	}
	first := ceilDiv(startMs, stepMs) * stepMs
	last := floorDiv(endMs, stepMs) * stepMs
	if last < first {
		return ChunkPlan{}, fmt.Errorf("range %s .. %s holds no step of %d s",
			time.UnixMilli(startMs).UTC().Format(time.RFC3339), time.UnixMilli(endMs).UTC().Format(time.RFC3339), stepMs/1000)
	}
	chunkMs := int64(rule.ChunkSteps) * stepMs
	plan := ChunkPlan{FirstScoredMs: first, LastScoredMs: last}
	for cs := floorDiv(first, chunkMs) * chunkMs; cs <= last; cs += chunkMs {
		plan.Chunks = append(plan.Chunks, Chunk{
			ChunkStartMs:  cs,
			InputStartMs:  cs - int64(rule.WarmupSteps)*stepMs,
			FirstOutputMs: max(cs, first),
			LastOutputMs:  min(cs+chunkMs-stepMs, last),
		})
	}
	plan.FetchStartMs = plan.Chunks[0].InputStartMs
	return plan, nil
}

// floorDiv and ceilDiv round towards -Inf and +Inf (Go's / truncates towards zero).
func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

func ceilDiv(a, b int64) int64 { return -floorDiv(-a, b) }
