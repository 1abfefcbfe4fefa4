import * as tf from '@tensorflow/tfjs';
import { buildForecaster } from './forecaster';
import { forecastChunksStepwise, forecastChunksSync, forecasterWeights } from './stepwiseForecast';
import { forecastChunks, NormalisedHost } from './streamingForecast';

const step = 60_000;
const rule = { stepMs: step, chunkSteps: 10, warmupSteps: 4 };

/** Values in ±3 so the gates and the cell's tanh reach their saturated ends too. */
function host(instance: string, T: number, F: number): NormalisedHost {
  const z = new Float64Array(T * F);
  for (let i = 0; i < z.length; i++) {
    z[i] = 3 * Math.sin(i * 0.37 + instance.length);
  }
  return { instance, gridStartMs: 0, z };
}

/**
 * A seeded forecaster whose LSTM bias is not zero (Glorot/orthogonal start it at 0, which would
 * leave the per-gate bias and the doubled cell gate untested) and whose kernel is scaled up so
 * cell values go well past tanh's linear range.
 */
function forecasterWithBias(F: number, U: number): tf.LayersModel {
  const model = buildForecaster({ features: F, units: U }, 11);
  const lstm = model.layers.find((l) => l.getClassName() === 'LSTM')!;
  const [kernel, recurrent] = lstm.getWeights();
  const newBias = tf.tensor1d(Array.from({ length: 4 * U }, (_, i) => Math.sin(i * 1.7)));
  lstm.setWeights([tf.mul(kernel, 2.5), recurrent, newBias]);
  return model;
}

function maxDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  return a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);
}

describe('the stepwise forecaster', () => {
  const F = 3;
  const U = 8;
  const hosts = [host('a', 60, F), host('bb', 60, F)];

  it("equals the Layers model's predict to float32 rounding", () => {
    const model = forecasterWithBias(F, U);
    const want = forecastChunks(model, hosts, F, rule, 20 * step, 55 * step);
    const got = forecastChunksSync(forecasterWeights(model), hosts, rule, 20 * step, 55 * step);
    expect(got.chunks).toHaveLength(want.chunks.length);
    let largest = 0;
    got.chunks.forEach((chunk, i) => {
      const rows = chunk.firstScoredK + chunk.scoredCount;
      const O = 3 * F;
      largest = Math.max(
        largest,
        maxDiff(chunk.outputs.subarray(0, rows * O), want.chunks[i].outputs.subarray(0, rows * O))
      );
    });
    // tanh as 2σ(2v) − 1 differs from tanh by float32 rounding (≈1e-7) and it compounds a little
    // over the steps; a wrong gate order or a missing bias would be off by 1e-2 or more.
    expect(largest).toBeLessThan(5e-6);
    expect(largest).toBeGreaterThan(0); // the outputs were compared, not two empty arrays
    model.dispose();
  });

  it('gives the same outputs when it yields to the page between steps', async () => {
    const model = forecasterWithBias(F, U);
    const weights = forecasterWeights(model);
    const sync = forecastChunksSync(weights, hosts, rule, 20 * step, 55 * step);
    const stepwise = await forecastChunksStepwise(weights, hosts, rule, 20 * step, 55 * step, { yieldEvery: 3 });
    stepwise.chunks.forEach((chunk, i) =>
      expect(Array.from(chunk.outputs)).toEqual(Array.from(sync.chunks[i].outputs))
    );
    model.dispose();
  });
});
