import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { buildForecaster } from '../lstm/forecaster';
import { parseArtifact, serialiseArtifact } from './artifact';
import { loadArtifactDir, saveArtifactDir } from './artifactDir';
import { ArtifactError } from './errors';
import { SentinelJson } from './sentinelJson';

function testMeta(F: number, units: number): SentinelJson {
  return {
    formatVersion: 1,
    name: 'test',
    version: 'v1',
    createdAt: '2026-11-24T00:00:00.000Z',
    description: 'unit test',
    features: Array.from({ length: F }, (_, f) => ({ name: `f${f}`, description: '', unit: 'ratio' as const, promql: 'x' })),
    rateWindow: '1m',
    stepSeconds: 60,
    horizonSteps: 15,
    maxFillSteps: 4,
    streaming: { chunkSteps: 60, warmupSteps: 30 },
    normalisation: Array.from({ length: F }, () => ({ unit: 'ratio' as const, mean: 0, std: 1 })),
    lstm: { units, outputBlocks: ['next', 'mean', 'logvar'] },
    isolationForest: {},
    baseline: {},
    calibration: { smoothingAlpha: 0.3, center: [0, 0, 0, 0], scale: [1, 1, 1, 1], weights: [1, 1, 1, 1], bias: -3 },
    alerting: { threshold: 0.8, minDurationSteps: 5, clearBelow: 0.6 },
    training: {},
    evaluation: {},
  };
}

describe('model artifact', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('reloads to identical outputs, with the same content hash', async () => {
    const model = buildForecaster({ features: 3, units: 4 }, 5);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'artifact-'));
    const hash = await saveArtifactDir(dir, model, testMeta(3, 4));
    const loaded = await loadArtifactDir(dir);
    expect(loaded.contentHash).toBe(hash);
    expect(fs.readdirSync(dir).sort()).toEqual(['content-hash.txt', 'model.json', 'sentinel.json', 'weights.bin']);
    const x = tf.randomNormal([2, 7, 3], 0, 1, 'float32', 9);
    expect(Array.from((loaded.model.predict(x) as tf.Tensor).dataSync())).toEqual(Array.from((model.predict(x) as tf.Tensor).dataSync()));
  });

  it('refuses files changed after the hash was recorded', async () => {
    const model = buildForecaster({ features: 2, units: 3 }, 1);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'artifact-'));
    await saveArtifactDir(dir, model, testMeta(2, 3));
    const meta = JSON.parse(fs.readFileSync(path.join(dir, 'sentinel.json'), 'utf8'));
    meta.alerting.threshold = 0.5;
    fs.writeFileSync(path.join(dir, 'sentinel.json'), JSON.stringify(meta));
    await expect(loadArtifactDir(dir)).rejects.toThrow(/does not match the recorded/);
  });

  it('refuses a sentinel.json that breaks the schema, naming the field', async () => {
    const model = buildForecaster({ features: 2, units: 3 }, 1);
    const bad = { ...testMeta(2, 3), alerting: { threshold: 0.8, minDurationSteps: 5, clearBelow: 0.9 } };
    await expect(serialiseArtifact(model, bad)).rejects.toThrow(/alerting.clearBelow: must not exceed the threshold/);
    const { files } = await serialiseArtifact(model, testMeta(2, 3));
    const broken = new TextEncoder().encode(JSON.stringify({ ...testMeta(2, 3), stepSeconds: -1 }));
    await expect(parseArtifact({ ...files, 'sentinel.json': broken }, 'x')).rejects.toThrow(/sentinel.json: stepSeconds/);
    const badTrend = { ...testMeta(2, 3), failureTrend: { windowSteps: 2, projectSteps: 60, minSigma: 0.01 } };
    await expect(serialiseArtifact(model, badTrend)).rejects.toThrow(/failureTrend.windowSteps/);
    const meta = testMeta(2, 3);
    const longTrend = { ...meta, failureTrend: { windowSteps: meta.streaming.warmupSteps + 2, projectSteps: 60, minSigma: 0.01 } };
    await expect(serialiseArtifact(model, longTrend)).rejects.toThrow(/failureTrend.windowSteps: \d+ exceeds streaming.warmupSteps/);
    const lowCap = { ...meta, failureTrend: { windowSteps: 40, projectSteps: 60, minSigma: 0.01, slopeCap: 0.5 } };
    await expect(serialiseArtifact(model, lowCap)).rejects.toThrow(/failureTrend.slopeCap/);
  });

  it('refuses a model whose shape disagrees with the feature spec', async () => {
    const model = buildForecaster({ features: 2, units: 3 }, 1);
    const { files } = await serialiseArtifact(model, testMeta(2, 3));
    const meta3 = new TextEncoder().encode(JSON.stringify(testMeta(3, 3)));
    await expect(parseArtifact({ ...files, 'sentinel.json': meta3 }, 'x')).rejects.toThrow(/reads 2 features but sentinel.json lists 3/);
    const metaUnits = new TextEncoder().encode(JSON.stringify(testMeta(2, 9)));
    await expect(parseArtifact({ ...files, 'sentinel.json': metaUnits }, 'x')).rejects.toThrow(/has 3 units but sentinel.json says 9/);
  });

  it('refuses layer types the Go runtime does not run, and missing files', async () => {
    const model = buildForecaster({ features: 2, units: 3 }, 1);
    const { files } = await serialiseArtifact(model, testMeta(2, 3));
    const json = JSON.parse(new TextDecoder().decode(files['model.json']));
    json.modelTopology.config.layers[1].class_name = 'GRU';
    await expect(parseArtifact({ ...files, 'model.json': new TextEncoder().encode(JSON.stringify(json)) }, 'x')).rejects.toThrow(
      /is a GRU; the runtimes run only InputLayer, LSTM, Dense/
    );
    await expect(parseArtifact({ 'model.json': files['model.json'] }, 'x')).rejects.toThrow(ArtifactError);
  });
});
