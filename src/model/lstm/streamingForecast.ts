import * as tf from '@tensorflow/tfjs';
import { OUTPUT_BLOCKS } from './forecaster';
import { ChunkPlan, planChunks, StreamingRule } from './streamingPlan';

/** One host's normalised features on the model's grid (row-major T × F; missing cells 0 and flagged). */
export interface NormalisedHost {
  instance: string;
  gridStartMs: number;
  z: Float64Array;
  missing?: Uint8Array;
}

/**
 * One chunk of one host as the model saw it: its input (warm-up + chunk) and all its outputs.
 * Everything stateful downstream (residuals, smoothing) restarts here too, so the whole risk
 * follows the shared warm-up rule, not only the LSTM.
 */
export interface ChunkForecast {
  host: number;
  /** Grid time of input step 0 (the chunk's warm-up start). */
  inputStartMs: number;
  /** Inputs seqLen × F (missing cells 0) and their missing flags (cells outside the data count as missing). */
  z: Float32Array;
  missing: Uint8Array;
  /** Outputs seqLen × 3F. */
  outputs: Float32Array;
  /** Input steps whose outputs are scored, and where they go in the scored range. */
  firstScoredK: number;
  scoredCount: number;
  firstScoredIndex: number;
}

export interface ChunkedForecast {
  plan: ChunkPlan;
  timestampsMs: Float64Array;
  chunks: ChunkForecast[];
}

/** Sequences per predict call: bounds memory for large fleets without losing batching. */
const MAX_BATCH = 256;

/**
 * The forecaster's input sequences for [startMs, endMs] under the shared warm-up rule: one per
 * host and chunk (warm-up + chunk steps; cells outside the data are missing), outputs empty.
 */
export function chunkInputs(
  hosts: NormalisedHost[],
  features: number,
  rule: StreamingRule,
  startMs: number,
  endMs: number
): ChunkedForecast {
  const F = features;
  const plan = planChunks(rule, startMs, endMs);
  const seqLen = rule.warmupSteps + rule.chunkSteps;
  const scored = Math.round((plan.lastScoredMs - plan.firstScoredMs) / rule.stepMs) + 1;
  const timestampsMs = new Float64Array(scored);
  for (let s = 0; s < scored; s++) {
    timestampsMs[s] = plan.firstScoredMs + s * rule.stepMs;
  }

  const chunks: ChunkForecast[] = hosts.flatMap((host, h) =>
    plan.chunks.map((chunk) => {
      const z = new Float32Array(seqLen * F);
      const missing = new Uint8Array(seqLen * F).fill(1);
      const T = host.z.length / F;
      const first = Math.round((chunk.inputStartMs - host.gridStartMs) / rule.stepMs);
      // Rows k whose host row t = first + k exists, in one copy (the rest stay missing).
      const kFrom = Math.max(0, -first);
      const kTo = Math.min(seqLen, T - first);
      if (kFrom < kTo) {
        z.set(host.z.subarray((first + kFrom) * F, (first + kTo) * F), kFrom * F);
        if (host.missing) {
          missing.set(host.missing.subarray((first + kFrom) * F, (first + kTo) * F), kFrom * F);
        } else {
          missing.fill(0, kFrom * F, kTo * F);
        }
      }
      return {
        host: h,
        inputStartMs: chunk.inputStartMs,
        z,
        missing,
        outputs: new Float32Array(0),
        firstScoredK: rule.warmupSteps + Math.round((chunk.firstOutputMs - chunk.chunkStartMs) / rule.stepMs),
        scoredCount: Math.round((chunk.lastOutputMs - chunk.firstOutputMs) / rule.stepMs) + 1,
        firstScoredIndex: Math.round((chunk.firstOutputMs - plan.firstScoredMs) / rule.stepMs),
      };
    })
  );
  return { plan, timestampsMs, chunks };
}

/**
 * Runs the forecaster over [startMs, endMs] for every host under the shared warm-up rule
 * (streamingPlan.ts): all chunks of all hosts go through the LSTM as one batch, so the cost is
 * one LSTM step per point plus the warm-up, and tfjs's per-op overhead is shared by the batch.
 */
export function forecastChunks(
  model: tf.LayersModel,
  hosts: NormalisedHost[],
  features: number,
  rule: StreamingRule,
  startMs: number,
  endMs: number
): ChunkedForecast {
  const F = features;
  const O = OUTPUT_BLOCKS.length * F;
  const seqLen = rule.warmupSteps + rule.chunkSteps;
  const { plan, timestampsMs, chunks } = chunkInputs(hosts, F, rule, startMs, endMs);
  for (let from = 0; from < chunks.length; from += MAX_BATCH) {
    const batch = chunks.slice(from, from + MAX_BATCH);
    const input = new Float32Array(batch.length * seqLen * F);
    batch.forEach((c, b) => input.set(c.z, b * seqLen * F));
    const output = tf
      .tidy(() => model.predict(tf.tensor3d(input, [batch.length, seqLen, F])) as tf.Tensor)
      .dataSync() as Float32Array;
    batch.forEach((c, b) => {
      c.outputs = output.slice(b * seqLen * O, (b + 1) * seqLen * O);
    });
  }
  return { plan, timestampsMs, chunks };
}

/** The forecaster's 3F outputs per scored step, per host (row-major), assembled from the chunks. */
export function scoredOutputs(forecast: ChunkedForecast, hostCount: number, features: number): Float32Array[] {
  const O = OUTPUT_BLOCKS.length * features;
  const out = Array.from({ length: hostCount }, () => new Float32Array(forecast.timestampsMs.length * O));
  for (const c of forecast.chunks) {
    out[c.host].set(
      c.outputs.subarray(c.firstScoredK * O, (c.firstScoredK + c.scoredCount) * O),
      c.firstScoredIndex * O
    );
  }
  return out;
}
