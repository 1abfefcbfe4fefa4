/**
 * sentinel export-golden: the vectors that hold the Go runtime equal to this one.
 *   testdata/golden/forecaster/ — an artifact and, in vectors.json, inputs with the LSTM's hidden
 *   states and the dense outputs per step (max |difference| allowed in Go: 1e-5);
 *   testdata/golden/risk/ — a complete artifact and the risk, components, contributions and
 *   alert episodes of two hosts (risk and components to 1e-5 in Go);
 *   testdata/golden/risk-head/, risk-median/ — the same with a failure head, with a median
 *   calibration (this file); risk-seasonal/ — with a seasonal baseline (riskSeasonalGolden.ts).
 * The model is built from a fixed seed, so the files only change when the runtime changes;
 * src/model/golden/golden.test.ts regenerates them and fails if the committed ones are stale.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { saveArtifactDir } from '../model/artifact/artifactDir';
import { chooseEarlyExit } from '../model/failureHead/earlyExit';
import { failureHeadToJson } from '../model/failureHead/failureHeadJson';
import { DEFAULT_HEAD_INPUTS, headFeatureCount } from '../model/failureHead/headFeatures';
import { trainBoostedTrees } from '../model/failureHead/trainBoostedTrees';
import { RiskModel, scoreHosts } from '../model/risk/riskEngine';
import { ScenarioFleet } from '../model/scenarios/types';
import { SentinelJson } from '../model/artifact/sentinelJson';
import { DEFAULT_FEATURES } from '../model/features/featureSpec';
import { forecasterVectors } from '../model/golden/forecasterVectors';
import { buildForecaster } from '../model/lstm/forecaster';
import { mulberry32 } from '../model/seededRandom';
import { fitNormalisation, normaliseHost } from '../model/features/normalise';
import { riskVectors } from '../model/golden/riskVectors';
import { generateScenarioFleet } from '../model/scenarios/generateScenarioFleet';
import { scoreRow, toJSON, trainIsolationForest } from '../model/iforest';
import { fitRobustBaseline, robustBaselineScorer } from '../model/scorers/robustBaseline';
import { calibrationRows, columnStats } from '../model/training/calibrationSet';
import { DEFAULT_MODEL_FEATURES, DEFAULT_MODEL_SHAPE } from './defaultModelSpec';

export const GOLDEN_SEED = 20261124;

/** A valid sentinel.json for a model that exists only to pin the runtimes' arithmetic. */
function goldenMeta(units: number): SentinelJson {
  return {
    formatVersion: 1,
    name: 'golden-forecaster',
    version: 'golden-1',
    createdAt: '2026-11-24T00:00:00.000Z',
    description: 'Random-initialised forecaster for runtime parity tests; not a trained model.',
    features: DEFAULT_FEATURES.map((f) => ({ ...f })),
    rateWindow: '1m',
    stepSeconds: 15,
    horizonSteps: 60,
    maxFillSteps: 4,
    streaming: { chunkSteps: 240, warmupSteps: 60 },
    normalisation: DEFAULT_FEATURES.map((f) => ({ unit: f.unit, mean: 0, std: 1 })),
    lstm: { units, outputBlocks: ['next', 'mean', 'logvar'] },
    isolationForest: {},
    baseline: {},
    calibration: { smoothingAlpha: 0.3, center: [0, 0, 0, 0], scale: [1, 1, 1, 1], weights: [1, 1, 1, 1], bias: 0 },
    alerting: { threshold: 0.8, minDurationSteps: 20, clearBelow: 0.6 },
    training: { note: 'not trained' },
    evaluation: {},
  };
}

export async function exportForecasterGolden(dir: string): Promise<void> {
  const units = 32;
  const F = DEFAULT_FEATURES.length;
  const model = buildForecaster({ features: F, units }, GOLDEN_SEED);
  await saveArtifactDir(dir, model, goldenMeta(units));
  const random = mulberry32(GOLDEN_SEED);
  const sequences = 2;
  const steps = 50;
  // Inputs span the normalised range the model sees, including large excursions (|z| up to 6).
  const inputs = Float32Array.from(
    { length: sequences * steps * F },
    () => (random() * 2 - 1) * (random() < 0.1 ? 6 : 2)
  );
  const vectors = forecasterVectors(model, inputs, sequences, steps);
  await fs.writeFile(path.join(dir, 'vectors.json'), `${JSON.stringify(vectors)}\n`);
  model.dispose();
}

/**
 * testdata/golden/risk/: an artifact with every part filled in (the golden forecaster's seeded
 * weights, a small Isolation Forest, the baseline, calibration, failure limits and trend) and, in
 * vectors.json, two hosts of synthetic scenario data with scrape gaps and the risk this runtime
 * computes for them. Synthetic normal behaviour keeps it independent of ../shared.
 */
function goldenRiskModel(): { model: tf.LayersModel; meta: SentinelJson; riskModel: RiskModel; fleet: ScenarioFleet } {
  const F = DEFAULT_MODEL_FEATURES.length;
  const model = buildForecaster({ features: F, units: 32 }, GOLDEN_SEED);
  const fleet = generateScenarioFleet({
    seed: GOLDEN_SEED,
    hosts: 2,
    durationHours: 4,
    stepSeconds: 15,
    normalSource: 'synthetic',
    failureRate: 6,
    warmupMinutes: 30,
    scrapeGaps: { perHostDay: 48, maxSteps: 6 },
  });
  const normalisation = fitNormalisation(
    fleet.hosts,
    DEFAULT_MODEL_FEATURES.map((f) => f.unit)
  );
  const random = mulberry32(GOLDEN_SEED);
  const rows = fleet.hosts.flatMap((h) => {
    const z = normaliseHost(h, normalisation);
    return Array.from({ length: 200 }, () => {
      const t = Math.floor(random() * h.timestampsMs.length);
      return z.slice(t * F, t * F + F);
    });
  });
  const forest = trainIsolationForest(rows, { trees: 20, sampleSize: 64, seed: GOLDEN_SEED + 1 });
  const baseline = fitRobustBaseline(rows);
  const meta: SentinelJson = {
    ...goldenMeta(32),
    name: 'golden-risk',
    version: 'golden-risk-1',
    description: 'Seeded, untrained model with every part present, for runtime parity tests; not a trained model.',
    features: DEFAULT_MODEL_FEATURES,
    normalisation,
    isolationForest: toJSON(forest),
    baseline,
    failureTrend: DEFAULT_MODEL_SHAPE.failureTrend,
    alerting: { threshold: 0.6, minDurationSteps: 4, clearBelow: 0.45 },
  };
  const riskModel: RiskModel = {
    meta,
    model,
    isolation: { score: (row: ArrayLike<number>) => scoreRow(forest, row) },
    baseline: robustBaselineScorer(baseline),
  };
  const labelled = fleet.hosts.map((host) => ({ host, labels: new Uint8Array(host.timestampsMs.length) }));
  const { center, scale } = columnStats(calibrationRows(riskModel, labelled).X);
  meta.calibration = { smoothingAlpha: 0.3, center, scale, weights: [1.5, 0.8, 1.2, 0.6], bias: -0.5 };
  return { model, meta, riskModel, fleet };
}

/** The golden fleet's scored range: from 60 steps (15 minutes) after its start to its end. */
function goldenScoredRange(fleet: ScenarioFleet): { startMs: number; endMs: number } {
  const times = fleet.hosts[0].timestampsMs;
  return { startMs: times[0] + 60 * 15_000, endMs: times[times.length - 1] };
}

export async function exportRiskGolden(dir: string): Promise<void> {
  const { model, meta, riskModel, fleet } = goldenRiskModel();
  await saveArtifactDir(dir, model, meta);
  const { startMs, endMs } = goldenScoredRange(fleet);
  const vectors = riskVectors(riskModel, fleet.hosts, startMs, endMs);
  await fs.writeFile(path.join(dir, 'vectors.json'), `${JSON.stringify(vectors)}\n`);
  model.dispose();
}

/**
 * testdata/golden/risk-median/: the golden risk artifact with a median calibration (the label-free
 * models' vote; calibration.ts) over three of the parts (failure, residual, baseline; isolation
 * weighed 0, so it does not vote), and the same two hosts' risk. Holds the Go runtime's vote equal
 * to this one's.
 */
export async function exportRiskMedianGolden(dir: string): Promise<void> {
  const { model, meta, riskModel, fleet } = goldenRiskModel();
  const medianMeta: SentinelJson = {
    ...meta,
    name: 'golden-risk-median',
    version: 'golden-risk-median-1',
    description: 'The golden risk model with a median calibration, for runtime parity tests; not a trained model.',
    calibration: { ...meta.calibration, weights: [0.4, 0.7, 0, 0.5], combine: 'median' },
  };
  await saveArtifactDir(dir, model, medianMeta);
  const { startMs, endMs } = goldenScoredRange(fleet);
  const vectors = riskVectors({ ...riskModel, meta: medianMeta }, fleet.hosts, startMs, endMs);
  await fs.writeFile(path.join(dir, 'vectors.json'), `${JSON.stringify(vectors)}\n`);
  model.dispose();
}

/**
 * testdata/golden/risk-head/: the golden risk artifact with a failure head (30 small trees fitted to
 * the golden fleet's own failures, 90-step label window, an early exit after 10 trees), so that risk
 * is the head's probability;
 * vectors.json holds the same two hosts' risk. Holds the Go runtime's head inputs and tree walk
 * equal to this one's, missing values included (the fleet has scrape gaps).
 */
export async function exportRiskHeadGolden(dir: string): Promise<void> {
  const { model, meta, riskModel, fleet } = goldenRiskModel();
  const { startMs, endMs: last } = goldenScoredRange(fleet);
  const scored = scoreHosts(riskModel, fleet.hosts, startMs, last, { headInputs: DEFAULT_HEAD_INPUTS });
  const labelWindowSteps = 90;
  const labels = scored.hosts.flatMap((host) =>
    Array.from(scored.timestampsMs, (t) =>
      fleet.failures.some(
        (f) => f.instance === host.instance && t <= f.failureMs && t >= f.failureMs - labelWindowSteps * 15_000
      )
        ? 1
        : 0
    )
  );
  const rows = new Float64Array(scored.hosts.reduce((n, h) => n + h.headInputs!.length, 0));
  let at = 0;
  for (const host of scored.hosts) {
    rows.set(host.headInputs!, at);
    at += host.headInputs!.length;
  }
  const K = headFeatureCount(meta.features.length, DEFAULT_HEAD_INPUTS);
  const trees = trainBoostedTrees(rows, K, Uint8Array.from(labels), { iterations: 30, maxLeaves: 8 });
  // An early exit after 10 trees, so that the vectors hold rows that stop there and rows that walk on.
  const exit = chooseEarlyExit(trees, [rows], {
    candidates: [10],
    safeProbability: 0.3,
    marginLogit: 0.5,
    clearBelow: meta.alerting.clearBelow,
  });
  if (!exit || exit.passShare === 0 || exit.passShare === 1) {
    throw new Error(`the golden head's early exit should stop some rows and not others: ${JSON.stringify(exit)}`);
  }
  const head = { inputs: DEFAULT_HEAD_INPUTS, labelWindowSteps, trees: { ...trees, earlyExit: exit.earlyExit } };
  const headMeta: SentinelJson = {
    ...meta,
    name: 'golden-risk-head',
    version: 'golden-risk-head-1',
    description:
      'The golden risk model with a failure head fitted to its own synthetic failures, for runtime parity tests; not a trained model.',
    failureHead: failureHeadToJson(head),
  };
  await saveArtifactDir(dir, model, headMeta);
  const vectors = riskVectors({ ...riskModel, meta: headMeta, head }, fleet.hosts, startMs, last);
  await fs.writeFile(path.join(dir, 'vectors.json'), `${JSON.stringify(vectors)}\n`);
  model.dispose();
}
