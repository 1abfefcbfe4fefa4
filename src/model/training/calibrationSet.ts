import { HostFeatureMatrix } from '../features/alignSeries';
import { normaliseHost } from '../features/normalise';
import { forecastChunksSync, weightsOf } from '../lstm/stepwiseForecast';
import { calibrationFeatures } from '../risk/calibration';
import { chunkComponents } from '../risk/componentScores';
import { failureLimits, RiskModel } from '../risk/riskEngine';
import { IGNORED } from './labels';

/** Labelled hosts: per grid step of each host, 1 inside an event's warning window [s − H, e] (see labels.ts). */
export interface LabelledHost {
  host: HostFeatureMatrix;
  labels: Uint8Array;
}

/**
 * The unscaled calibration features (smoothed components, failure as log-odds) of every scored
 * step of labelled hosts, with their labels — what the calibration layer is fitted on.
 * Scoring starts one warm-up after each host's first step so every point has its full warm-up.
 */
export function calibrationRows(riskModel: RiskModel, hosts: LabelledHost[]): { X: Float64Array; y: Uint8Array } {
  const { meta } = riskModel;
  const F = meta.features.length;
  const stepMs = meta.stepSeconds * 1000;
  const rule = { stepMs, chunkSteps: meta.streaming.chunkSteps, warmupSteps: meta.streaming.warmupSteps };
  const limits = failureLimits(meta);
  const weights = weightsOf(riskModel.model);
  const X: number[] = [];
  const y: number[] = [];
  for (const { host, labels } of hosts) {
    const T = host.timestampsMs.length;
    const startMs = host.timestampsMs[0] + meta.streaming.warmupSteps * stepMs;
    const endMs = host.timestampsMs[T - 1];
    if (endMs < startMs) {
      continue;
    }
    const normalised = {
      instance: host.instance,
      gridStartMs: host.timestampsMs[0],
      z: normaliseHost(host, meta.normalisation),
      missing: host.missing,
    };
    // The same fused stepwise LSTM scoring runs (riskEngine.ts), so calibration sees its numbers.
    const forecast = forecastChunksSync(weights, [normalised], rule, startMs, endMs);
    for (const chunk of forecast.chunks) {
      const parts = chunkComponents(
        chunk.z,
        chunk.missing,
        chunk.outputs,
        F,
        limits,
        riskModel.isolation,
        riskModel.baseline,
        { times: { startMs: chunk.inputStartMs, stepMs }, trend: meta.failureTrend, perFeature: false }
      );
      const { features } = calibrationFeatures(parts.raw, meta.calibration.smoothingAlpha, [0, 0, 0, 0], [1, 1, 1, 1]);
      for (let j = 0; j < chunk.scoredCount; j++) {
        const k = chunk.firstScoredK + j;
        const t = Math.round((forecast.timestampsMs[chunk.firstScoredIndex + j] - host.timestampsMs[0]) / stepMs);
        if (labels[t] === IGNORED) {
          continue;
        }
        X.push(features[k * 4], features[k * 4 + 1], features[k * 4 + 2], features[k * 4 + 3]);
        y.push(labels[t]);
      }
    }
  }
  return { X: Float64Array.from(X), y: Uint8Array.from(y) };
}

/** Per-column mean and standard deviation (floored), so calibration weights are comparable. */
export function columnStats(X: Float64Array, columns = 4): { center: number[]; scale: number[] } {
  const n = X.length / columns;
  const center = new Array(columns).fill(0);
  const scale = new Array(columns).fill(0);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < columns; c++) {
      center[c] += X[r * columns + c] / n;
    }
  }
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < columns; c++) {
      scale[c] += (X[r * columns + c] - center[c]) ** 2 / n;
    }
  }
  return { center, scale: scale.map((v) => Math.max(Math.sqrt(v), 1e-6)) };
}
