import * as tf from '@tensorflow/tfjs';
import { HostFeatureMatrix } from '../features/alignSeries';
import { DEFAULT_FEATURES } from '../features/featureSpec';
import { rowScorerKit } from '../scorers/kit';
import { mulberry32 } from '../seededRandom';
import { finetuneModel } from './finetune';
import { trainModel, TrainModelOptions } from './trainModel';

const DAY = 86_400_000;
const STEP_S = 300;
const FEATURES = DEFAULT_FEATURES.filter((f) => ['cpu_busy', 'memory_used'].includes(f.name)).map((f) => ({ ...f }));

/** Two features, 5-minute steps; `cycle` sets the daily swing of both. */
function host(instance: string, days: number, cycle: number, random: () => number): HostFeatureMatrix {
  const steps = Math.round((days * DAY) / (STEP_S * 1000));
  const timestampsMs = Float64Array.from({ length: steps }, (_, k) => Date.UTC(2026, 10, 20) + k * STEP_S * 1000);
  const values = new Float64Array(steps * 2);
  timestampsMs.forEach((t, k) => {
    const day = Math.sin((2 * Math.PI * (t % DAY)) / DAY);
    values[k * 2] = 0.4 + cycle * day + 0.03 * (random() - 0.5);
    values[k * 2 + 1] = 0.5 + cycle * 0.5 * day + 0.02 * (random() - 0.5);
  });
  return { instance, features: FEATURES.map((f) => f.name), timestampsMs, values, missing: new Uint8Array(steps * 2) };
}

const options: TrainModelOptions = {
  name: 'tiny',
  version: 'tiny-1',
  description: 'unit test',
  features: FEATURES,
  rateWindow: '5m',
  stepSeconds: STEP_S,
  horizonSteps: 3,
  maxFillSteps: 1,
  chunkSteps: 48,
  warmupSteps: 6,
  units: 4,
  epochs: 1,
  batchSize: 16,
  learningRate: 0.01,
  strideSteps: 48,
  smoothingAlpha: 0.5,
  rowSample: 2000,
  seed: 3,
};

async function train(days: number, cycle: number) {
  const random = mulberry32(11);
  const hosts = [host('a', days, cycle, random), host('b', days, cycle, random)];
  const labels = new Uint8Array(hosts[1].timestampsMs.length);
  labels.fill(1, labels.length - 40);
  return trainModel(hosts, [{ host: hosts[1], labels }], options, rowScorerKit, mulberry32(5));
}

describe('training chooses the baseline kind', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('fits seasonal on data with a daily cycle over 2+ days and records why', async () => {
    const model = await train(2.5, 0.25);
    expect((model.meta.baseline as { kind: string }).kind).toBe('seasonal');
    const choice = model.meta.training.baseline as { kind: string; varianceShare: number; threshold: number; buckets: number };
    expect(choice.kind).toBe('seasonal');
    expect(choice.buckets).toBe(24);
    expect(choice.varianceShare).toBeGreaterThan(choice.threshold);
    model.model.dispose();
  }, 60_000);

  it('keeps the robust baseline without a cycle or with less than 2 days', async () => {
    const flat = await train(2.5, 0);
    expect((flat.meta.baseline as { kind: string }).kind).toBe('robust-baseline');
    expect((flat.meta.training.baseline as { kind: string; reason: string }).kind).toBe('robust');
    flat.model.dispose();
    const short = await train(1.5, 0.25);
    expect((short.meta.baseline as { kind: string }).kind).toBe('robust-baseline');
    expect((short.meta.training.baseline as { reason: string }).reason).toMatch(/2 full days/);
    short.model.dispose();
  }, 60_000);

  it('fine-tuning refits the baseline the same way: seasonal when the new data has a daily cycle', async () => {
    const base = await train(1.5, 0.25);
    expect((base.meta.baseline as { kind: string }).kind).toBe('robust-baseline');
    const random = mulberry32(13);
    // 3.5 days: the first 70 % (2.45 days) is what the baseline is refitted on.
    const hosts = [host('a', 3.5, 0.25, random), host('b', 3.5, 0.25, random)];
    const { riskModel } = await finetuneModel(
      base,
      hosts,
      null,
      {
        version: 'tiny-1-ft',
        createdAt: '2026-11-24T00:00:00Z',
        epochs: 1,
        seed: 3,
        batchSize: 16,
        learningRate: 0.01,
        strideSteps: 48,
        rowSample: 2000,
        holdoutShare: 0.3,
        holdoutFiringRate: 0.01,
        dataDescription: 'unit test',
      },
      rowScorerKit,
      mulberry32(5)
    );
    expect((riskModel.meta.baseline as { kind: string }).kind).toBe('seasonal');
    expect((riskModel.meta.training.baseline as { kind: string }).kind).toBe('seasonal');
    base.model.dispose();
    riskModel.model.dispose();
  }, 60_000);
});
