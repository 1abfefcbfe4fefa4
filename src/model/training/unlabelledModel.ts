import * as tf from '@tensorflow/tfjs';
import { SentinelJson } from '../artifact/sentinelJson';
import { HostFeatureMatrix } from '../features/alignSeries';
import { fitNormalisation, normaliseHost } from '../features/normalise';
import { trainForecaster } from '../lstm/trainForecaster';
import { AlertingRule, alertFiring } from '../risk/alertEpisodes';
import { calibratedLogit, Calibration, CalibrationCombine } from '../risk/calibration';
import { clippedLogit, logistic } from '../risk/normalCdf';
import { COMPONENTS } from '../risk/componentScores';
import { RiskModel, scoreHosts } from '../risk/riskEngine';
import { potThreshold, PotOptions } from './peaksOverThreshold';
import { RowScorerKit } from './rowScorerKit';
import { fitRowScorers, forecasterOptions, TrainModelOptions, untrainedMeta } from './trainModel';

/**
 * Training where the data has no labels (SMD's train/, NAB's probationary rows): the forecaster,
 * Isolation Forest and baseline are fitted as in trainModel, but the calibration layer cannot be
 * fitted by logistic regression. Instead each anomaly component is standardised by its own
 * distribution on held-out normal data (center = median, scale = q99 − median) and the parts are
 * weighted equally:
 *   risk = logistic(gain · (mean of standardised components − 1))
 * so risk is 0.5 where the components sit, on average, at their held-out 99th percentile. The
 * alert threshold is then the lowest one whose rule flags at most `holdoutFiringRate` of the
 * held-out steps. Nothing here sees a label.
 */
export interface UnlabelledTrainingOptions extends Omit<TrainModelOptions, 'startFrom'> {
  /** Largest share of held-out steps the chosen alert rule may flag. */
  holdoutFiringRate: number;
  minDurationSteps: number;
  /** clearBelow = threshold − hysteresis · |threshold|. */
  hysteresis: number;
  /** Slope of the label-free calibration's logistic. */
  calibrationGain: number;
  /**
   * How thresholds are chosen on the held-out data: the lowest flagging at most
   * `holdoutFiringRate` of it (default), or peaks-over-threshold with risk q (peaksOverThreshold.ts).
   */
  thresholdMethod?: ThresholdMethod;
  /** How the parts are weighted in the label-free calibration (default equal). */
  partWeighting?: PartWeighting;
  /**
   * How the standardised parts are combined (calibration.ts; default weightedSum). `median` votes
   * the active parts with equal weights, whatever partWeighting says.
   */
  partCombination?: CalibrationCombine;
}

export type ThresholdMethod = { kind: 'firingRate' } | ({ kind: 'pot' } & PotOptions);

/**
 * `equal`: each active part gain / (number of active parts). `reliability`: weights ∝ 1 / the
 * part's false-firing rate on the held-out data (see partReliabilityWeights), summing to gain.
 */
export type PartWeighting = 'equal' | 'reliability';

/** Part of a host's history to score: steps from `startMs` on, with the steps before as warm-up. */
export interface ScoringRange {
  host: HostFeatureMatrix;
  startMs: number;
  endMs?: number;
}

/** A detector's output on one scored range: risk and the four smoothed components (S × 4). */
export interface ScoredRange {
  instance: string;
  timestampsMs: Float64Array;
  risk: Float64Array;
  components: Float64Array;
}

export interface UnlabelledModel {
  riskModel: RiskModel;
  /** The rule for each component alone, chosen on the held-out data as the ensemble's is. */
  componentRules: AlertingRule[];
  holdout: ScoredRange[];
}

/** Quantile of a sorted array by the nearest-rank rule. */
export function sortedQuantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) {
    throw new Error('quantile of an empty sample');
  }
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/**
 * The label-free calibration from held-out smoothed components (each S × 4, COMPONENTS order).
 * Components with no spread on the held-out data (e.g. `failure` for a model without failure
 * limits) get weight 0.
 */
export function labelFreeCalibration(
  components: Float64Array[],
  smoothingAlpha: number,
  gain: number,
  weighting: PartWeighting = 'equal',
  combine: CalibrationCombine = 'weightedSum'
): Calibration {
  const center = [0, 0, 0, 0];
  const scale = [1, 1, 1, 1];
  const active: boolean[] = [false, false, false, false];
  for (let i = 0; i < 4; i++) {
    const values = Float64Array.from(components.flatMap((c) => Array.from(calibrationFeature(c, i)))).sort();
    const median = sortedQuantile(values, 0.5);
    const spread = sortedQuantile(values, 0.99) - median;
    if (spread > 1e-9) {
      center[i] = median;
      scale[i] = spread;
      active[i] = true;
    }
  }
  const count = active.filter(Boolean).length;
  if (count === 0) {
    throw new Error('every component is constant on the held-out data; the calibration needs data that varies');
  }
  // A median vote counts every active part the same: risk is 0.5 where half of them sit at their q99.
  const weights =
    weighting === 'reliability' && combine !== 'median'
      ? partReliabilityWeights(components, active, gain)
      : active.map((a) => (a ? gain / count : 0));
  const calibration: Calibration = { smoothingAlpha, center, scale, weights, bias: -gain };
  return combine === 'median' ? { ...calibration, combine } : calibration;
}

/** Calibration feature i of smoothed components (S × 4): logit for the failure probability, else as is. */
function calibrationFeature(c: Float64Array, i: number): Float64Array {
  return Float64Array.from({ length: c.length / 4 }, (_, k) => (i === 0 ? clippedLogit(c[k * 4]) : c[k * 4 + i]));
}

/** Floor of the held-out false-firing rate in the reliability weights (its value for a part that does not drift). */
export const RELIABILITY_RATE_FLOOR = 0.01;

/**
 * Label-free reliability weights from held-out smoothed components: each range is split in halves;
 * a part's false-firing rate is the share of its second-half values above its first-half 99th
 * percentile (≈ 1 % for a part whose held-out distribution is stable, more for one that drifts
 * and so would fire falsely later). Weights ∝ 1 / max(rate, 1 %), inactive parts 0, summing to gain.
 */
export function partReliabilityWeights(components: Float64Array[], active: boolean[], gain: number): number[] {
  const raw = active.map((a, i) => {
    if (!a) {
      return 0;
    }
    const firstHalf: number[] = [];
    const secondHalf: number[] = [];
    for (const c of components) {
      const f = calibrationFeature(c, i);
      const half = f.length >> 1;
      f.forEach((v, k) => (k < half ? firstHalf : secondHalf).push(v));
    }
    if (firstHalf.length === 0 || secondHalf.length === 0) {
      return 1 / RELIABILITY_RATE_FLOOR;
    }
    const q99 = sortedQuantile(Float64Array.from(firstHalf).sort(), 0.99);
    const rate = secondHalf.filter((v) => v > q99).length / secondHalf.length;
    return 1 / Math.max(rate, RELIABILITY_RATE_FLOOR);
  });
  const total = raw.reduce((a, b) => a + b, 0);
  return raw.map((w) => (total > 0 ? (gain * w) / total : 0));
}

/**
 * The calibration's linear score (the risk's log-odds) from smoothed components (S × 4): the same
 * number the risk is the logistic of, but without the logistic's saturation at 1, so thresholds
 * can be extrapolated on it.
 */
export function calibrationLogit(components: Float64Array, calibration: Calibration): Float64Array {
  const features = [0, 1, 2, 3].map((i) => calibrationFeature(components, i));
  return Float64Array.from({ length: components.length / 4 }, (_, k) =>
    calibratedLogit(
      [0, 1, 2, 3].map((i) => (features[i][k] - calibration.center[i]) / calibration.scale[i]),
      0,
      calibration
    )
  );
}

/** The rule whose threshold is the POT threshold of the held-out scores (pooled over series). */
export function ruleForPot(
  series: Array<ArrayLike<number>>,
  pot: PotOptions,
  minDurationSteps: number,
  hysteresis: number
): AlertingRule {
  const t = potThreshold(Float64Array.from(series.flatMap((s) => Array.from(s))), pot).threshold;
  return { threshold: t, minDurationSteps, clearBelow: t - hysteresis * Math.abs(t) };
}

/** Share of steps, over all series, where the rule's alert condition holds. */
export function firingShare(series: Array<ArrayLike<number>>, rule: AlertingRule): number {
  let firing = 0;
  let steps = 0;
  for (const s of series) {
    const f = alertFiring(s, rule);
    for (let k = 0; k < f.length; k++) {
      firing += f[k];
    }
    steps += s.length;
  }
  return steps === 0 ? 0 : firing / steps;
}

/**
 * The lowest threshold (one of the scores, or just above the largest) whose rule flags at most
 * `rate` of the steps. Flagged share only falls as the threshold rises, so a binary search over
 * the sorted scores finds it.
 */
export function ruleForFiringRate(
  series: Array<ArrayLike<number>>,
  rate: number,
  minDurationSteps: number,
  hysteresis: number,
  maxThreshold = Infinity
): AlertingRule {
  const values = [...new Set(series.flatMap((s) => Array.from(s)).filter((v) => Number.isFinite(v)))].sort(
    (a, b) => a - b
  );
  if (values.length === 0) {
    throw new Error('no finite score to choose a threshold from');
  }
  const top = values[values.length - 1];
  values.push(top + Math.max(Math.abs(top) * 1e-9, 1e-12));
  const rule = (threshold: number): AlertingRule => {
    const t = Math.min(threshold, maxThreshold);
    return { threshold: t, minDurationSteps, clearBelow: t - hysteresis * Math.abs(t) };
  };
  let lo = 0;
  let hi = values.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (firingShare(series, rule(values[mid])) <= rate) {
      hi = mid;
    } else {
      lo = mid + 1;
    }
  }
  return rule(values[lo]);
}

/**
 * Which training rows set the calibration and the thresholds: `heldOut` = those after the rows the
 * model was fitted on; `all` = every training row after the model's first warm-up (in-sample where
 * the model was fitted, but more of the normal tail than a held-out share shows).
 */
export type CalibrationRows = 'heldOut' | 'all';

/** First row of the calibration rows among `trainingRows` training rows, of which the first `fitRows` were fitted. */
export function calibrationStartRow(
  rows: CalibrationRows,
  fitRows: number,
  warmupSteps: number,
  trainingRows: number
): number {
  const start = rows === 'heldOut' ? fitRows : warmupSteps;
  if (start >= trainingRows) {
    throw new Error(
      `no training row left to calibrate on: calibration (${rows}) would start at row ${start} of ${trainingRows}; fit on fewer rows or calibrate on all`
    );
  }
  return start;
}

/** Scores ranges one host at a time (hosts may lie on different grids). */
export function scoreRanges(riskModel: RiskModel, ranges: ScoringRange[]): ScoredRange[] {
  return ranges.map(({ host, startMs, endMs }) => {
    const r = scoreHosts(riskModel, [host], startMs, endMs ?? host.timestampsMs[host.timestampsMs.length - 1]);
    return {
      instance: host.instance,
      timestampsMs: r.timestampsMs,
      risk: r.hosts[0].risk,
      components: r.hosts[0].components,
    };
  });
}

/** Component i of scored ranges, as one series per range. */
export function componentSeries(scored: ScoredRange[], i: number): Float64Array[] {
  return scored.map((s) => Float64Array.from({ length: s.risk.length }, (_, k) => s.components[k * 4 + i]));
}

/**
 * Trains a model on unlabelled normal data: normalisation, LSTM, Isolation Forest and baseline on
 * `fit`; the label-free calibration and every alert threshold on `holdout` (which must not be
 * the data later scored).
 */
export async function trainUnlabelledModel(
  fit: HostFeatureMatrix[],
  holdout: ScoringRange[],
  options: UnlabelledTrainingOptions,
  kit: RowScorerKit,
  random: () => number
): Promise<UnlabelledModel> {
  const F = options.features.length;
  const normalisation = fitNormalisation(
    fit,
    options.features.map((f) => f.unit)
  );
  const normalised = fit.map((host) => ({ z: normaliseHost(host, normalisation), missing: host.missing }));
  const { model, losses } = await trainForecaster(normalised, forecasterOptions(options), random);
  // The label-free models keep the robust baseline (no times): see evaluateDatasets.ts.
  const { isolation, baseline } = fitRowScorers(normalised, F, options.rowSample, options.seed, kit, random, false);
  const meta: SentinelJson = {
    ...untrainedMeta(options, normalisation, isolation.params, baseline.params),
    alerting: { threshold: 0.5, minDurationSteps: options.minDurationSteps, clearBelow: 0.5 },
    training: {
      seed: options.seed,
      epochs: options.epochs,
      losses,
      backend: tf.getBackend(),
      calibration: 'label-free (held-out quantiles)',
    },
    evaluation: {},
  };
  const riskModel: RiskModel = { meta, model, isolation: isolation.scorer, baseline: baseline.scorer };
  // Components do not depend on the calibration, so one scoring pass gives them; risk is then recomputed.
  const first = scoreRanges(riskModel, holdout);
  meta.calibration = labelFreeCalibration(
    first.map((s) => s.components),
    options.smoothingAlpha,
    options.calibrationGain,
    options.partWeighting ?? 'equal',
    options.partCombination ?? 'weightedSum'
  );
  const scored = scoreRanges(riskModel, holdout);
  const method = options.thresholdMethod ?? { kind: 'firingRate' };
  if (method.kind === 'pot') {
    // POT on the risk's log-odds (no saturation at 1), mapped back to a risk threshold.
    const logitRule = ruleForPot(
      scored.map((s) => calibrationLogit(s.components, meta.calibration)),
      method,
      options.minDurationSteps,
      options.hysteresis
    );
    const threshold = Math.min(logistic(logitRule.threshold), 1 - 1e-9);
    meta.alerting = {
      threshold,
      minDurationSteps: options.minDurationSteps,
      clearBelow: threshold - options.hysteresis * threshold,
    };
  } else {
    meta.alerting = ruleForFiringRate(
      scored.map((s) => s.risk),
      options.holdoutFiringRate,
      options.minDurationSteps,
      options.hysteresis,
      1 - 1e-9
    );
  }
  const componentRules = COMPONENTS.map((_, i) =>
    method.kind === 'pot'
      ? ruleForPot(componentSeries(scored, i), method, options.minDurationSteps, options.hysteresis)
      : ruleForFiringRate(
          componentSeries(scored, i),
          options.holdoutFiringRate,
          options.minDurationSteps,
          options.hysteresis
        )
  );
  return { riskModel, componentRules, holdout: scored };
}
