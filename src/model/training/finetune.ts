import * as tf from '@tensorflow/tfjs';
import { SentinelJson } from '../artifact/sentinelJson';
import { HostFeatureMatrix } from '../features/alignSeries';
import { normaliseHost } from '../features/normalise';
import { buildForecaster } from '../lstm/forecaster';
import { trainForecaster } from '../lstm/trainForecaster';
import { maximalRuns } from '../eval/events';
import { AlertingRule } from '../risk/alertEpisodes';
import { RiskModel } from '../risk/riskEngine';
import { calibrationRows, columnStats, LabelledHost } from './calibrationSet';
import { FailureInstant } from './labels';
import { RowScorerKit } from './rowScorerKit';
import { chooseAlertingRule } from './thresholdSelection';
import { baselineChoice, fitCalibration, fitRowScorers } from './trainModel';
import { firingShare, ruleForFiringRate, scoreRanges } from './unlabelledModel';

/**
 * Fine-tuning a shipped model on a fleet's own data. The feature spec, normalisation and
 * streaming rule are kept (so queries, the Go runtime and alert rules stay valid); the LSTM
 * continues from the shipped weights on the first part of each host's history; Isolation Forest
 * and baseline are refitted on it; the calibration and the alert threshold are chosen on the
 * held-out rest of each host's history:
 *   - with labels (1 in a failure's warning window [f − H, f], as `train` labels): the logistic
 *     calibration is refitted and the threshold chosen as `train` does (precision ≥ 0.9 and FPR
 *     < 5 % if any threshold keeps it, else best event F1);
 *   - without labels: the anomaly parts are re-standardised on the held-out data (weights and the
 *     failure part kept from the shipped model) and the threshold is the lowest whose rule fires on
 *     at most `holdoutFiringRate` of the held-out steps.
 * Deterministic for a seed on one backend, so the same inputs give the same content hash.
 */
export interface FinetuneOptions {
  version: string;
  /** ISO time recorded as createdAt (a parameter, so reruns reproduce the artifact byte for byte). */
  createdAt: string;
  epochs: number;
  seed: number;
  batchSize: number;
  learningRate: number;
  strideSteps: number;
  rowSample: number;
  /** Share of each host's steps, at its end, held out for calibration and the threshold. */
  holdoutShare: number;
  holdoutFiringRate: number;
  /** What the data was, for sentinel.json's training record. */
  dataDescription: string;
  onEpoch?: (epoch: number, loss: number) => void;
}

export interface FinetuneResult {
  riskModel: RiskModel;
  /** The figures recorded in sentinel.json's evaluation.finetuneHoldout. */
  holdout: Record<string, unknown>;
}

/** A copy of a forecaster with the same shape and weights (the shipped model is left untouched). */
export function cloneForecaster(model: tf.LayersModel, features: number, units: number): tf.LayersModel {
  const copy = buildForecaster({ features, units }, 0);
  copy.setWeights(model.getWeights());
  return copy;
}

/** Steps [from, to) of a host. */
function slice(host: HostFeatureMatrix, from: number, to: number): HostFeatureMatrix {
  const F = host.features.length;
  return {
    ...host,
    timestampsMs: host.timestampsMs.slice(from, to),
    values: host.values.slice(from * F, to * F),
    missing: host.missing.slice(from * F, to * F),
  };
}

/** Failure instants from per-step warning labels: the last step of each run of 1s. */
export function failuresFromLabels(host: HostFeatureMatrix, labels: Uint8Array): FailureInstant[] {
  return maximalRuns(labels).map((run) => ({ instance: host.instance, failureMs: host.timestampsMs[run.endIndex] }));
}

export async function finetuneModel(
  base: RiskModel,
  hosts: HostFeatureMatrix[],
  labels: Map<string, Uint8Array> | null,
  options: FinetuneOptions,
  kit: RowScorerKit,
  random: () => number
): Promise<FinetuneResult> {
  const { meta: baseMeta } = base;
  const F = baseMeta.features.length;
  const { warmupSteps, chunkSteps } = baseMeta.streaming;
  const stepMs = baseMeta.stepSeconds * 1000;
  const sequenceSteps = warmupSteps + chunkSteps;
  const splits = hosts.map((host) => {
    const T = host.timestampsMs.length;
    const split = Math.floor(T * (1 - options.holdoutShare));
    if (split < sequenceSteps || T - split < 1) {
      throw new Error(
        `host "${host.instance}" has ${T} steps; fine-tuning needs at least ${Math.ceil(sequenceSteps / (1 - options.holdoutShare)) + 1} ` +
          `(${sequenceSteps} to train on plus a held-out ${options.holdoutShare * 100} %) at ${baseMeta.stepSeconds} s steps; give a longer range`
      );
    }
    return { host, split };
  });

  const normalised = splits.map(({ host, split }) => {
    const part = slice(host, 0, split);
    return { z: normaliseHost(part, baseMeta.normalisation), missing: part.missing };
  });
  const { model, losses } = await trainForecaster(
    normalised,
    {
      features: F,
      units: baseMeta.lstm.units,
      horizonSteps: baseMeta.horizonSteps,
      sequenceSteps,
      strideSteps: options.strideSteps,
      epochs: options.epochs,
      batchSize: options.batchSize,
      learningRate: options.learningRate,
      seed: options.seed,
      onEpoch: options.onEpoch,
      initialModel: cloneForecaster(base.model, F, baseMeta.lstm.units),
    },
    random
  );
  // With the rows' times the kit fits a seasonal baseline when the data has a daily cycle, as training does.
  const timed = normalised.map((h, i) => ({ ...h, timestampsMs: splits[i].host.timestampsMs }));
  const { isolation, baseline } = fitRowScorers(timed, F, options.rowSample, options.seed, kit, random, true);
  const meta: SentinelJson = {
    ...baseMeta,
    // The failure head is not carried over: it learned the shipped parts' scales, and fine-tuning
    // refits the Isolation Forest and baseline it reads (and a fleet's own labels are too few to
    // refit hundreds of trees). Risk is the calibrated parts again.
    failureHead: undefined,
    version: options.version,
    createdAt: options.createdAt,
    isolationForest: isolation.params,
    baseline: baseline.params,
    training: {
      finetunedFrom: { name: baseMeta.name, version: baseMeta.version },
      seed: options.seed,
      epochs: options.epochs,
      losses,
      backend: tf.getBackend(),
      data: options.dataDescription,
      holdoutShare: options.holdoutShare,
      ...(baseMeta.failureHead ? { failureHeadDropped: 'fine-tuning refits the parts the head reads' } : {}),
      ...(baseline.cycle ? { baseline: baselineChoice(baseline.params, baseline.cycle) } : {}),
    },
    evaluation: {},
  };
  const riskModel: RiskModel = { meta, model, isolation: isolation.scorer, baseline: baseline.scorer };

  // Held-out ranges keep the steps before them as warm-up, as live scoring would.
  const ranges = splits.map(({ host, split }) => ({
    host: slice(host, Math.max(0, split - warmupSteps), host.timestampsMs.length),
    startMs: host.timestampsMs[split],
  }));
  const heldOutLabels = labels
    ? splits.map(({ host, split }) => {
        const l = labels.get(host.instance);
        if (!l || l.length !== host.timestampsMs.length) {
          throw new Error(`no labels for host "${host.instance}"; label every host or none`);
        }
        return l.slice(Math.max(0, split - warmupSteps));
      })
    : null;
  const positives = heldOutLabels?.reduce((n, l) => n + l.slice(warmupSteps).reduce((a, b) => a + b, 0), 0) ?? 0;
  let rule: AlertingRule;
  if (heldOutLabels && positives > 0) {
    const labelled: LabelledHost[] = ranges.map((r, h) => ({ host: r.host, labels: heldOutLabels[h] }));
    meta.calibration = fitCalibration(riskModel, labelled, baseMeta.calibration.smoothingAlpha);
    const scored = scoreRanges(riskModel, ranges).map((s) => ({
      instance: s.instance,
      timestampsMs: s.timestampsMs,
      risk: s.risk,
    }));
    const failures = ranges.flatMap((r, h) => failuresFromLabels(r.host, heldOutLabels[h]));
    const hysteresis = relativeHysteresis(baseMeta.alerting);
    const { chosen } = chooseAlertingRule(
      scored,
      failures,
      baseMeta.horizonSteps * stepMs,
      baseMeta.alerting.minDurationSteps,
      undefined,
      hysteresis,
      // A fleet's own labels hold few failures: recall is not traded for lead there.
      { events: 0, share: 0 }
    );
    rule = chosen.rule;
    meta.alerting = rule;
    meta.evaluation = {
      finetuneHoldout: {
        labelled: true,
        calibration: 'logistic (weights ≥ 0), refitted on the held-out part',
        rule,
        events: chosen.metrics.events,
        eventPrecision: chosen.metrics.eventPrecision,
        eventRecall: chosen.metrics.eventRecall,
        falsePositiveRate: chosen.metrics.falsePositiveRate,
        medianLeadTimeMinutes: chosen.metrics.medianLeadTime === null ? null : chosen.metrics.medianLeadTime / 60_000,
      },
    };
  } else {
    // Anomaly parts re-standardised (mean, standard deviation) on the held-out steps, as train
    // standardises them; the failure part's standardisation and all weights as shipped.
    const unlabelled = ranges.map((r) => ({ host: r.host, labels: new Uint8Array(r.host.timestampsMs.length) }));
    const { center, scale } = columnStats(calibrationRows(riskModel, unlabelled).X);
    meta.calibration = {
      ...baseMeta.calibration,
      center: [baseMeta.calibration.center[0], ...center.slice(1)],
      scale: [baseMeta.calibration.scale[0], ...scale.slice(1)],
    };
    const scored = scoreRanges(riskModel, ranges);
    rule = ruleForFiringRate(
      scored.map((s) => s.risk),
      options.holdoutFiringRate,
      baseMeta.alerting.minDurationSteps,
      relativeHysteresis(baseMeta.alerting),
      1 - 1e-9
    );
    rule = { ...rule, threshold: Math.max(rule.threshold, 1e-6), clearBelow: Math.max(rule.clearBelow, 0) };
    meta.alerting = rule;
    meta.evaluation = {
      finetuneHoldout: {
        labelled: false,
        calibration:
          'anomaly parts re-standardised on the held-out part (mean, standard deviation); weights and failure part as shipped',
        rule,
        steps: scored.reduce((n, s) => n + s.risk.length, 0),
        firingShare: firingShare(
          scored.map((s) => s.risk),
          rule
        ),
        targetFiringShare: options.holdoutFiringRate,
      },
    };
  }
  return { riskModel, holdout: meta.evaluation.finetuneHoldout as Record<string, unknown> };
}

/** The shipped rule's hysteresis as a share of its threshold. */
function relativeHysteresis(rule: AlertingRule): number {
  return rule.threshold > 0 ? (rule.threshold - rule.clearBelow) / rule.threshold : 0;
}
