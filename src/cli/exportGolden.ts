/**
 * sentinel export-golden: the vectors that hold the Go runtime equal to this one.
 *   testdata/golden/forecaster/ — an artifact and, in vectors.json, inputs with the LSTM's hidden
 *   states and the dense outputs per step (max |difference| allowed in Go: 1e-5).
 * The model is built from a fixed seed, so the files only change when the runtime changes;
 * tests/golden (jest) regenerates them and fails if the committed ones are stale.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { saveArtifactDir } from '../model/artifact/artifactDir';
import { SentinelJson } from '../model/artifact/sentinelJson';
import { DEFAULT_FEATURES } from '../model/features/featureSpec';
import { forecasterVectors } from '../model/golden/forecasterVectors';
import { buildForecaster } from '../model/lstm/forecaster';
import { mulberry32 } from '../model/seededRandom';

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
  const inputs = Float32Array.from({ length: sequences * steps * F }, () => (random() * 2 - 1) * (random() < 0.1 ? 6 : 2));
  const vectors = forecasterVectors(model, inputs, sequences, steps);
  await fs.writeFile(path.join(dir, 'vectors.json'), `${JSON.stringify(vectors)}\n`);
  model.dispose();
}
