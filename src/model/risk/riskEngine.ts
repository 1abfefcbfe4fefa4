import * as tf from '@tensorflow/tfjs';
import { SentinelJson } from '../artifact/sentinelJson';
import { HostFeatureMatrix } from '../features/alignSeries';
import { normaliseHost, transformValue } from '../features/normalise';
import { forecastChunksSync, weightsOf } from '../lstm/stepwiseForecast';
import { ChunkedForecast, NormalisedHost } from '../lstm/streamingForecast';
import { StreamingRule } from '../lstm/streamingPlan';
import { boostedLogit, boostedLogits, sigmoid, treesRead } from '../failureHead/boostedTrees';
import { FailureHead } from '../failureHead/failureHeadJson';
import { headFeatureCount, headFeatures, HeadInputSpec } from '../failureHead/headFeatures';
import { AlertEpisode, alertEpisodes } from './alertEpisodes';
import { calibrationFeatures, partPulls, riskFromFeatures } from './calibration';
import { chunkComponents, COMPONENTS, FailureLimit, RowScorer } from './componentScores';

/** A loaded model ready to score: the artifact's LSTM and metadata plus its row scorers. */
export interface RiskModel {
  meta: SentinelJson;
  model: tf.LayersModel;
  isolation: RowScorer;
  baseline: RowScorer;
  /** The supervised failure head, when the artifact has one: risk is then its probability. */
  head?: FailureHead;
}

export interface Contribution {
  feature: string;
  /** Share of the positive evidence for risk at this step, in [0, 1]. */
  share: number;
}

export interface HostRisk {
  instance: string;
  /** Calibrated probability of failure within the horizon, per scored step. */
  risk: Float64Array;
  /** Smoothed component values per step (S × 4, COMPONENTS order; failure as a probability). */
  components: Float64Array;
  /** Top contributing features per step, when asked for. */
  contributions?: Contribution[][];
  /** Failure-head inputs per scored step (S × K), when ScoreOptions.headInputs asks for them. */
  headInputs?: Float64Array;
  episodes: AlertEpisode[];
}

export interface RiskResult {
  timestampsMs: Float64Array;
  hosts: HostRisk[];
}

export interface ScoreOptions {
  contributions?: boolean;
  topContributions?: number;
  /**
   * Skip the Isolation Forest and the baseline where nothing reads them: the calibration weighs them
   * 0 and the failure head, if any, has no split on them. Risk and contributions come out the same (a
   * 0 weight adds exactly 0), the skipped parts' components read 0. For callers that show risk and
   * contributions only (the panel, the speed benchmark as the backend's risk queries); the components
   * output and the CLI compute every part.
   */
  skipUnusedParts?: boolean;
  /**
   * Also return each scored step's failure-head inputs for these spans (training the head: the
   * rows it learns from are the ones scoring will give it).
   */
  headInputs?: HeadInputSpec;
}

/** A row scorer for a part the calibration does not use: every score 0, nothing computed. */
const UNUSED_PART: RowScorer = {
  score: () => 0,
  scoreRows: (rows, F) => new Float64Array(rows.length / F),
  shares: (_row, _missing, out) => out.fill(0),
};

/**
 * The model's row scorers, with parts nothing reads (weighed 0 by the calibration, no split of the
 * failure head on them) replaced by UNUSED_PART when asked.
 */
function rowScorersFor(riskModel: RiskModel, skipUnused: boolean): { isolation: RowScorer; baseline: RowScorer } {
  const w = riskModel.meta.calibration.weights;
  const head = riskModel.head?.trees;
  const unused = (part: number) => skipUnused && w[part] === 0 && !(head && treesRead(head, part));
  return {
    isolation: unused(2) ? UNUSED_PART : riskModel.isolation,
    baseline: unused(3) ? UNUSED_PART : riskModel.baseline,
  };
}

/** Failure conditions from the feature spec, moved into the normalised space the forecast lives in. */
export function failureLimits(meta: SentinelJson): FailureLimit[] {
  return meta.features.flatMap((spec, f) => {
    if (spec.failureLimit === undefined) {
      return [];
    }
    const n = meta.normalisation[f];
    return [{ feature: f, limitZ: (transformValue(n.unit, spec.failureLimit) - n.mean) / n.std }];
  });
}

/**
 * Risk for every host over [startMs, endMs]: normalise, forecast under the shared warm-up rule,
 * score the components per chunk, smooth and calibrate, then the alert episodes. Hosts must be
 * aligned on the model's step from the plan's fetch start (see planChunks) for full warm-up;
 * cells before their data count as missing.
 */
export function scoreHosts(
  riskModel: RiskModel,
  hosts: HostFeatureMatrix[],
  startMs: number,
  endMs: number,
  options: ScoreOptions = {}
): RiskResult {
  const normalised = normaliseForModel(riskModel, hosts);
  // The fused stepwise LSTM: same results as the Layers model's predict, ~2.8× faster on wasm.
  const forecast = forecastChunksSync(
    weightsOf(riskModel.model),
    normalised,
    streamingRule(riskModel.meta),
    startMs,
    endMs
  );
  return scoreForecast(
    riskModel,
    forecast,
    hosts.map((h) => h.instance),
    options
  );
}

/** The model's shared warm-up rule (streamingPlan.ts) in milliseconds. */
export function streamingRule(meta: SentinelJson): StreamingRule {
  return {
    stepMs: meta.stepSeconds * 1000,
    chunkSteps: meta.streaming.chunkSteps,
    warmupSteps: meta.streaming.warmupSteps,
  };
}

/** Hosts in the model's normalised space, as the forecasters take them. */
export function normaliseForModel(riskModel: RiskModel, hosts: HostFeatureMatrix[]): NormalisedHost[] {
  return hosts.map((host) => ({
    instance: host.instance,
    gridStartMs: host.timestampsMs[0],
    z: normaliseHost(host, riskModel.meta.normalisation),
    missing: host.missing,
  }));
}

/**
 * Everything after the LSTM: components per chunk, smoothing, calibration, contributions and
 * alert episodes. Separate from the forecast so the browser can run the LSTM step by step
 * (stepwiseForecast.ts) without blocking the page and still get the very same risk.
 */
export function scoreForecast(
  riskModel: RiskModel,
  forecast: ChunkedForecast,
  instances: string[],
  options: ScoreOptions = {}
): RiskResult {
  const { meta } = riskModel;
  const F = meta.features.length;
  const S = forecast.timestampsMs.length;
  const limits = failureLimits(meta);
  const { calibration } = meta;
  const top = options.topContributions ?? 3;
  const { isolation, baseline } = rowScorersFor(riskModel, Boolean(options.skipUnusedParts));

  const results: HostRisk[] = instances.map((instance) => ({
    instance,
    risk: new Float64Array(S),
    components: new Float64Array(S * COMPONENTS.length),
    contributions: options.contributions ? new Array<Contribution[]>(S) : undefined,
    headInputs: options.headInputs ? new Float64Array(S * headFeatureCount(F, options.headInputs)) : undefined,
    episodes: [],
  }));
  const O = 3 * F;
  let headBuffer = new Float64Array(0);
  for (const chunk of forecast.chunks) {
    // Rows after the chunk's last scored step cannot change a scored one (residuals look back,
    // smoothing runs forward), so a range ending mid-chunk skips them.
    const rows = chunk.firstScoredK + chunk.scoredCount;
    const parts = chunkComponents(
      chunk.z.subarray(0, rows * F),
      chunk.missing.subarray(0, rows * F),
      chunk.outputs.subarray(0, rows * O),
      F,
      limits,
      isolation,
      baseline,
      {
        times: { startMs: chunk.inputStartMs, stepMs: meta.stepSeconds * 1000 },
        trend: meta.failureTrend,
        perFeature: Boolean(options.contributions),
      }
    );
    const { features, smoothed } = calibrationFeatures(
      parts.raw,
      calibration.smoothingAlpha,
      calibration.center,
      calibration.scale
    );
    const out = results[chunk.host];
    let headRisk: Float64Array | undefined;
    if (riskModel.head) {
      // One buffer for every chunk's head inputs: they are read once, by the trees, right here.
      const size = chunk.scoredCount * headFeatureCount(F, riskModel.head.inputs);
      if (headBuffer.length < size) {
        headBuffer = new Float64Array(size);
      }
      const inputs = chunkHeadInputs(riskModel.head.inputs, chunk, rows, F, smoothed, headBuffer);
      headRisk = boostedLogits(riskModel.head.trees, inputs).map(sigmoid);
    }
    if (options.headInputs && out.headInputs) {
      const K = headFeatureCount(F, options.headInputs);
      out.headInputs.set(chunkHeadInputs(options.headInputs, chunk, rows, F, smoothed), chunk.firstScoredIndex * K);
    }
    for (let j = 0; j < chunk.scoredCount; j++) {
      const k = chunk.firstScoredK + j;
      const s = chunk.firstScoredIndex + j;
      out.risk[s] = headRisk
        ? headRiskOrFailing(headRisk[j], chunk.z, chunk.missing, k, F, limits)
        : riskFromFeatures(features, k, calibration);
      out.components.set(smoothed.subarray(k * 4, k * 4 + 4), s * 4);
      if (out.contributions) {
        const timeMs = chunk.inputStartMs + k * meta.stepSeconds * 1000;
        out.contributions[s] = contributionsAt(k, F, features, parts, chunk.z, chunk.missing, riskModel, top, timeMs);
      }
    }
  }
  for (const host of results) {
    host.episodes = alertEpisodes(host.risk, meta.alerting);
  }
  return { timestampsMs: forecast.timestampsMs, hosts: results };
}

/**
 * Failure-head inputs for a chunk's scored steps (rows firstScoredK … rows - 1), read from the chunk's
 * own input rows (the spans fit in the warm-up, which the artifact check enforces) and smoothed parts.
 */
function chunkHeadInputs(
  spec: HeadInputSpec,
  chunk: ChunkedForecast['chunks'][number],
  rows: number,
  F: number,
  smoothed: Float64Array,
  into?: Float64Array
): Float64Array {
  return headFeatures(
    chunk.z.subarray(0, rows * F),
    F,
    chunk.missing.subarray(0, rows * F),
    smoothed.subarray(0, rows * 4),
    spec,
    chunk.firstScoredK,
    into
  );
}

/**
 * A failure head's risk at row `row`, or 1 when a feature with a failure limit is already at or
 * beyond it there: the host is failing now. The head learned from labels that call a failed or
 * recovering host *not about to* fail (so that it does not alert again on recovery), which would
 * otherwise show a host sitting at 99 % of its file descriptors as low risk.
 */
export function headRiskOrFailing(
  headRisk: number,
  z: ArrayLike<number>,
  missing: ArrayLike<number>,
  row: number,
  F: number,
  limits: FailureLimit[]
): number {
  for (const { feature, limitZ } of limits) {
    const at = row * F + feature;
    if (!missing[at] && z[at] >= limitZ) {
      return 1;
    }
  }
  return headRisk;
}

/**
 * The failure head's probability at the last of `z`'s rows (a live stream's recent rows and the new
 * one, as many as the head's spans read), given that row's smoothed parts.
 */
export function headRiskAtLastRow(
  head: FailureHead,
  z: Float32Array,
  missing: Uint8Array,
  F: number,
  lastParts: Float64Array
): number {
  const rows = z.length / F;
  const parts = new Float64Array(rows * 4);
  parts.set(lastParts, (rows - 1) * 4);
  // Earlier rows are history only: inputs for the last row alone.
  return sigmoid(boostedLogit(head.trees, headFeatures(z, F, missing, parts, head.inputs, rows - 1)));
}

/**
 * Which metrics drive the risk at step k: each component's positive pull on the log-odds (for a
 * median vote, capped at the level the vote agreed on: partPulls in calibration.ts),
 * spread over features by that component's own per-feature evidence (failure probability,
 * squared residual, baseline share; for the Isolation Forest, which has no per-feature
 * attribution, the squared normalised value).
 */
export function contributionsAt(
  k: number,
  F: number,
  features: Float64Array,
  parts: ReturnType<typeof chunkComponents>,
  z: Float32Array,
  missing: Uint8Array,
  riskModel: RiskModel,
  top: number,
  timeMs?: number
): Contribution[] {
  const pulls = partPulls(features, k * 4, riskModel.meta.calibration);
  const perFeature = new Float64Array(F);
  const shares = new Float64Array(F);
  const row = z.subarray(k * F, k * F + F);
  const rowMissing = missing.subarray(k * F, k * F + F);
  for (let i = 0; i < 4; i++) {
    const pull = pulls[i];
    if (!(pull > 0)) {
      continue;
    }
    shares.fill(0);
    if (i === 0) {
      shares.set(parts.failureByFeature.subarray(k * F, k * F + F));
    } else if (i === 1) {
      shares.set(parts.residualSq.subarray(k * F, k * F + F));
    } else if (i === 3 && riskModel.baseline.shares) {
      riskModel.baseline.shares(row, rowMissing, shares, timeMs);
    } else {
      for (let f = 0; f < F; f++) {
        shares[f] = rowMissing[f] ? 0 : row[f] * row[f];
      }
    }
    const total = shares.reduce((a, b) => a + b, 0);
    if (total > 0) {
      for (let f = 0; f < F; f++) {
        perFeature[f] += (pull * shares[f]) / total;
      }
    }
  }
  const sum = perFeature.reduce((a, b) => a + b, 0);
  if (!(sum > 0)) {
    return [];
  }
  return Array.from(perFeature, (v, f) => ({ feature: riskModel.meta.features[f].name, share: v / sum }))
    .filter((c) => c.share > 0)
    .sort((a, b) => b.share - a.share)
    .slice(0, top);
}
