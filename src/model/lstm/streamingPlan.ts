/**
 * The warm-up rule both runtimes share. Time is cut into chunks of `chunkSteps` steps at
 * multiples of chunkSteps × step since the Unix epoch. Every chunk starts from a zero LSTM
 * state `warmupSteps` steps before its first step and carries the state forward through the
 * chunk. So the forecast at time t depends only on data in [chunkStart(t) − warm-up, t] —
 * never on where a query's range begins — and the panel, an alert rule and the CLI agree on
 * every point. Cost: (warm-up + chunk) / chunk LSTM steps per point.
 */
export interface StreamingRule {
  stepMs: number;
  chunkSteps: number;
  warmupSteps: number;
}

export interface ChunkPlan {
  /** First grid time the data must cover (warm-up of the first chunk). */
  fetchStartMs: number;
  /** Scored grid times: from the first step at or after startMs to the last at or before endMs. */
  firstScoredMs: number;
  lastScoredMs: number;
  chunks: Array<{ chunkStartMs: number; inputStartMs: number; firstOutputMs: number; lastOutputMs: number }>;
}

export function planChunks(rule: StreamingRule, startMs: number, endMs: number): ChunkPlan {
  const { stepMs, chunkSteps, warmupSteps } = rule;
  if (!(stepMs > 0) || !(chunkSteps > 0) || warmupSteps < 0) {
    throw new Error(`bad streaming rule ${JSON.stringify(rule)}`);
  }
  const firstScoredMs = Math.ceil(startMs / stepMs) * stepMs;
  const lastScoredMs = Math.floor(endMs / stepMs) * stepMs;
  if (lastScoredMs < firstScoredMs) {
    throw new Error(`range ${new Date(startMs).toISOString()} .. ${new Date(endMs).toISOString()} holds no step of ${stepMs / 1000} s`);
  }
  const chunkMs = chunkSteps * stepMs;
  const chunks: ChunkPlan['chunks'] = [];
  for (let chunkStartMs = Math.floor(firstScoredMs / chunkMs) * chunkMs; chunkStartMs <= lastScoredMs; chunkStartMs += chunkMs) {
    chunks.push({
      chunkStartMs,
      inputStartMs: chunkStartMs - warmupSteps * stepMs,
      firstOutputMs: Math.max(chunkStartMs, firstScoredMs),
      lastOutputMs: Math.min(chunkStartMs + chunkMs - stepMs, lastScoredMs),
    });
  }
  return { fetchStartMs: chunks[0].inputStartMs, firstScoredMs, lastScoredMs, chunks };
}
