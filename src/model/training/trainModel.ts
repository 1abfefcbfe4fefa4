import * as tf from '@tensorflow/tfjs';
import { SentinelJson } from '../artifact/sentinelJson';
import { HostFeatureMatrix } from '../features/alignSeries';
import { FeatureUnit } from '../features/featureSpec';
import { fitNormalisation, normaliseHost } from '../features/normalise';
import { trainForecaster } from '../lstm/trainForecaster';
import { Calibration, fitMonotoneLogistic } from '../risk/calibration';
import { FailureTrend } from '../risk/trendFailure';
import { RiskModel } from '../risk/riskEngine';
import { calibrationRows, columnStats, LabelledHost } from './calibrationSet';
import { DailyCycleTest } from '../scorers/seasonalBaseline';
import { RowScorerKit } from './rowScorerKit';

export interface ModelFeature {
  name: string;
  description: string;
  unit: FeatureUnit;
  promql: string;
  failureLimit?: number;
}

export interface TrainModelOptions {
  name: string;
  version: string;
  description: string;
  features: ModelFeature[];
  rateWindow: string;
  stepSeconds: number;
  horizonSteps: number;
  maxFillSteps: number;
  chunkSteps: number;
  warmupSteps: number;
  units: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  strideSteps: number;
  smoothingAlpha: number;
  /** Rows of normal data the Isolation Forest and baseline are fitted on (subsampled). */
  rowSample: number;
  seed: number;
  onEpoch?: (epoch: number, loss: number) => void;
  /** Continue from this model's weights and normalisation (fine-tuning). */
  startFrom?: RiskModel;
  /** A straight-line forecast of the limited features in the failure part (sentinel.json failureTrend). */
  failureTrend?: FailureTrend;
}

/**
 * Trains every part of a model: normalisation and the LSTM on the training hosts, Isolation
 * Forest and baseline on their normalised rows, then the calibration layer on labelled hosts
 * (which must not be the data the model is evaluated on). Alerting thresholds are chosen by the
 * caller on validation data and set afterwards.
 */
export async function trainModel(
  train: HostFeatureMatrix[],
  calibration: LabelledHost[],
  options: TrainModelOptions,
  kit: RowScorerKit,
  random: () => number
): Promise<RiskModel> {
  const F = options.features.length;
  const units = options.features.map((f) => f.unit);
  const normalisation = options.startFrom?.meta.normalisation ?? fitNormalisation(train, units);
  const normalised = train.map((host) => ({ z: normaliseHost(host, normalisation), missing: host.missing }));

  const { model, losses } = await trainForecaster(
    normalised,
    { ...forecasterOptions(options), initialModel: options.startFrom?.model },
    random
  );

  const timed = normalised.map((h, i) => ({ ...h, timestampsMs: train[i].timestampsMs }));
  const { isolation, baseline } = fitRowScorers(timed, F, options.rowSample, options.seed, kit, random, true);

  const meta: SentinelJson = {
    ...untrainedMeta(options, normalisation, isolation.params, baseline.params),
    alerting: { threshold: 0.5, minDurationSteps: 1, clearBelow: 0.4 },
    training: {
      seed: options.seed,
      epochs: options.epochs,
      losses,
      backend: tf.getBackend(),
      ...(baseline.cycle ? { baseline: baselineChoice(baseline.params, baseline.cycle) } : {}),
    },
    evaluation: {},
  };
  const riskModel: RiskModel = { meta, model, isolation: isolation.scorer, baseline: baseline.scorer };
  meta.calibration = fitCalibration(riskModel, calibration, options.smoothingAlpha);
  return riskModel;
}

/** trainForecaster's options from a model's training options (shared by the labelled and the label-free trainer). */
export function forecasterOptions(options: Omit<TrainModelOptions, 'startFrom'>) {
  return {
    features: options.features.length,
    units: options.units,
    horizonSteps: options.horizonSteps,
    sequenceSteps: options.warmupSteps + options.chunkSteps,
    strideSteps: options.strideSteps,
    epochs: options.epochs,
    batchSize: options.batchSize,
    learningRate: options.learningRate,
    seed: options.seed,
    onEpoch: options.onEpoch,
  };
}

/**
 * Isolation Forest and baseline fitted on up to `count` normalised rows sampled from the hosts.
 * With `withTimes` (hosts then carry their grid times) the kit fits a seasonal baseline when the
 * rows show a daily cycle; the draw is the same either way.
 */
export function fitRowScorers(
  hosts: Array<{ z: Float64Array; timestampsMs?: ArrayLike<number> }>,
  F: number,
  count: number,
  seed: number,
  kit: RowScorerKit,
  random: () => number,
  withTimes: boolean
) {
  const rowTimesMs: number[] | undefined = withTimes ? [] : undefined;
  const rows = sampleRows(hosts, F, count, random, rowTimesMs);
  return { isolation: kit.fitIsolation(rows, seed), baseline: kit.fitBaseline(rows, rowTimesMs) };
}

/**
 * The calibration layer fitted on labelled hosts the model's other parts were not trained on, its
 * weights held ≥ 0 (fitMonotoneLogistic): more evidence from any part never lowers the risk.
 */
export function fitCalibration(riskModel: RiskModel, calibration: LabelledHost[], smoothingAlpha: number): Calibration {
  const { X, y } = calibrationRows(riskModel, calibration);
  return calibrationFromRows(X, y, smoothingAlpha);
}

/**
 * The calibration from its rows (steps × 4 raw calibration features, one 0/1 label per step): the
 * columns standardised, then the logistic fit with weights ≥ 0. Refuses data without both labels,
 * and a fit in which no part raises the risk (every weight 0: one constant risk at every step).
 */
export function calibrationFromRows(X: Float64Array, y: Uint8Array, smoothingAlpha: number): Calibration {
  const positives = y.reduce((n, v) => n + v, 0);
  if (positives === 0 || positives === y.length) {
    throw new Error(
      `the calibration data has ${positives} labelled steps of ${y.length}; it needs both failures and normal time`
    );
  }
  const { center, scale } = columnStats(X);
  const Xs = X.map((v, i) => (v - center[i % 4]) / scale[i % 4]);
  const fit = fitMonotoneLogistic(Xs, y, { l2: 1, iterations: 30, positiveWeight: (y.length - positives) / positives });
  if (fit.weights.every((w) => w === 0)) {
    throw new Error(
      `no part of the model raises the risk on the ${positives} labelled failure steps (of ${y.length}): every calibration weight fits to 0; check the labels`
    );
  }
  return { smoothingAlpha, center, scale, weights: fit.weights, bias: fit.bias };
}

/** sentinel.json's training.baseline: which kind training chose and what the daily-cycle test found. */
export function baselineChoice(params: unknown, cycle: DailyCycleTest): Record<string, unknown> {
  const kind = (params as { kind?: string }).kind === 'seasonal' ? 'seasonal' : 'robust';
  return {
    kind,
    buckets: cycle.buckets,
    varianceShare: Number.isFinite(cycle.varianceShare) ? cycle.varianceShare : null,
    threshold: cycle.threshold,
    minDaysPerBucket: cycle.minDaysPerBucket,
    reason: cycle.reason,
  };
}

/**
 * Up to `count` normalised rows, drawn evenly at random from all hosts (missing cells are 0).
 * With `timesOut`, hosts must carry their grid times and each picked row's time is appended to it
 * (the draw is the same either way).
 */
export function sampleRows(
  hosts: Array<{ z: Float64Array; timestampsMs?: ArrayLike<number> }>,
  F: number,
  count: number,
  random: () => number,
  timesOut?: number[]
): Float64Array[] {
  const all: Array<[number, number]> = [];
  hosts.forEach((h, i) => {
    for (let t = 0; t < h.z.length / F; t++) {
      all.push([i, t]);
    }
  });
  const picked: Float64Array[] = [];
  for (let n = 0; n < Math.min(count, all.length); n++) {
    const j = n + Math.floor(random() * (all.length - n));
    [all[n], all[j]] = [all[j], all[n]];
    const [h, t] = all[n];
    picked.push(hosts[h].z.slice(t * F, t * F + F));
    if (timesOut) {
      const times = hosts[h].timestampsMs;
      if (!times) {
        throw new Error('sampleRows: a host without grid times');
      }
      timesOut.push(times[t]);
    }
  }
  return picked;
}

/**
 * sentinel.json of a freshly fitted model before its calibration and alert rule are chosen: the
 * options' spec, the normalisation and the fitted row scorers (shared by the labelled and the
 * label-free training). Calibration starts neutral; callers set alerting, training and evaluation.
 */
export function untrainedMeta(
  options: Omit<TrainModelOptions, 'startFrom'>,
  normalisation: SentinelJson['normalisation'],
  isolationForest: SentinelJson['isolationForest'],
  baseline: SentinelJson['baseline']
): Omit<SentinelJson, 'alerting' | 'training' | 'evaluation'> {
  return {
    formatVersion: 1,
    name: options.name,
    version: options.version,
    createdAt: new Date().toISOString(),
    description: options.description,
    features: options.features,
    rateWindow: options.rateWindow,
    stepSeconds: options.stepSeconds,
    horizonSteps: options.horizonSteps,
    maxFillSteps: options.maxFillSteps,
    streaming: { chunkSteps: options.chunkSteps, warmupSteps: options.warmupSteps },
    normalisation,
    lstm: { units: options.units, outputBlocks: ['next', 'mean', 'logvar'] },
    isolationForest,
    baseline,
    ...(options.failureTrend ? { failureTrend: options.failureTrend } : {}),
    calibration: {
      smoothingAlpha: options.smoothingAlpha,
      center: [0, 0, 0, 0],
      scale: [1, 1, 1, 1],
      weights: [0, 0, 0, 0],
      bias: 0,
    },
  };
}
