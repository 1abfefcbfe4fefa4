import * as tf from '@tensorflow/tfjs';
import { OUTPUT_BLOCKS } from './forecaster';
import { planChunks, StreamingRule } from './streamingPlan';

/** One host's normalised features on the model's grid (row-major T × F; missing cells 0). */
export interface NormalisedHost {
  instance: string;
  gridStartMs: number;
  z: Float64Array;
}

export interface HostForecast {
  instance: string;
  /** Per scored step, the forecaster's 3F outputs (next, mean, logvar), row-major. */
  outputs: Float32Array;
}

export interface StreamingForecast {
  timestampsMs: Float64Array;
  hosts: HostForecast[];
}

/** Sequences per predict call: bounds memory for large fleets without losing batching. */
const MAX_BATCH = 256;

/**
 * Runs the forecaster over [startMs, endMs] for every host under the shared warm-up rule
 * (streamingPlan.ts): all chunks of all hosts go through the LSTM as one batch, so the cost is
 * one LSTM step per point plus the warm-up, and tfjs's per-op overhead is shared by the batch.
 * Grid cells outside a host's data count as missing (0), as in the Go runtime.
 */
export function forecastStreaming(
  model: tf.LayersModel,
  hosts: NormalisedHost[],
  features: number,
  rule: StreamingRule,
  startMs: number,
  endMs: number
): StreamingForecast {
  const F = features;
  const O = OUTPUT_BLOCKS.length * F;
  const plan = planChunks(rule, startMs, endMs);
  const seqLen = rule.warmupSteps + rule.chunkSteps;
  const scored = Math.round((plan.lastScoredMs - plan.firstScoredMs) / rule.stepMs) + 1;
  const timestampsMs = new Float64Array(scored);
  for (let s = 0; s < scored; s++) {
    timestampsMs[s] = plan.firstScoredMs + s * rule.stepMs;
  }

  const jobs = hosts.flatMap((host, h) => plan.chunks.map((chunk) => ({ h, host, chunk })));
  const results = hosts.map((host) => ({ instance: host.instance, outputs: new Float32Array(scored * O) }));
  for (let from = 0; from < jobs.length; from += MAX_BATCH) {
    const batch = jobs.slice(from, from + MAX_BATCH);
    const input = new Float32Array(batch.length * seqLen * F);
    batch.forEach(({ host, chunk }, b) => {
      const T = host.z.length / F;
      const first = Math.round((chunk.inputStartMs - host.gridStartMs) / rule.stepMs);
      for (let k = 0; k < seqLen; k++) {
        const t = first + k;
        if (t < 0 || t >= T) {
          continue;
        }
        input.set(host.z.subarray(t * F, t * F + F), (b * seqLen + k) * F);
      }
    });
    const output = tf.tidy(() => model.predict(tf.tensor3d(input, [batch.length, seqLen, F])) as tf.Tensor).dataSync() as Float32Array;
    batch.forEach(({ h, chunk }, b) => {
      const firstK = rule.warmupSteps + Math.round((chunk.firstOutputMs - chunk.chunkStartMs) / rule.stepMs);
      const count = Math.round((chunk.lastOutputMs - chunk.firstOutputMs) / rule.stepMs) + 1;
      const firstS = Math.round((chunk.firstOutputMs - plan.firstScoredMs) / rule.stepMs);
      const src = output.subarray((b * seqLen + firstK) * O, (b * seqLen + firstK + count) * O);
      results[h].outputs.set(src, firstS * O);
    });
  }
  return { timestampsMs, hosts: results };
}
