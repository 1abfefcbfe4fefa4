import * as tf from '@tensorflow/tfjs';
import { buildForecaster } from './forecaster';
import { chunkInputs, forecastChunks, NormalisedHost, scoredOutputs } from './streamingForecast';
import { planChunks } from './streamingPlan';

const step = 60_000;
const rule = { stepMs: step, chunkSteps: 10, warmupSteps: 4 };

function forecastStreaming(
  model: tf.LayersModel,
  hosts: NormalisedHost[],
  F: number,
  r: typeof rule,
  startMs: number,
  endMs: number
) {
  const forecast = forecastChunks(model, hosts, F, r, startMs, endMs);
  return {
    hosts: scoredOutputs(forecast, hosts.length, F).map((outputs, h) => ({ instance: hosts[h].instance, outputs })),
  };
}

function syntheticHost(instance: string, gridStartMs: number, T: number, F: number): NormalisedHost {
  const z = new Float64Array(T * F);
  for (let t = 0; t < T; t++) {
    for (let f = 0; f < F; f++) {
      z[t * F + f] = Math.sin((gridStartMs / step + t) * 0.3 + f);
    }
  }
  return { instance, gridStartMs, z };
}

describe('planChunks', () => {
  it('cuts at epoch multiples and asks for the warm-up before the first chunk', () => {
    const plan = planChunks(rule, 25 * step, 41 * step);
    expect(plan.chunks.map((c) => c.chunkStartMs / step)).toEqual([20, 30, 40]);
    expect(plan.fetchStartMs).toBe(16 * step);
    expect(plan.chunks[0].firstOutputMs).toBe(25 * step);
    expect(plan.chunks[2].lastOutputMs).toBe(41 * step);
  });

  it('rounds the range inward to whole steps and refuses an empty one', () => {
    const plan = planChunks(rule, 25 * step + 1, 27 * step - 1);
    expect([plan.firstScoredMs, plan.lastScoredMs]).toEqual([26 * step, 26 * step]);
    expect(() => planChunks(rule, 25 * step + 1, 25 * step + 2)).toThrow(/holds no step/);
  });
});

describe('chunkInputs', () => {
  it('copies each chunk’s rows from the host’s grid and marks rows the host lacks as missing', () => {
    const F = 2;
    // Starts inside the first chunk's warm-up and ends inside the last chunk; one cell missing.
    const host = { ...syntheticHost('h', 18 * step, 19, F), missing: new Uint8Array(19 * F) };
    host.missing[5 * F + 1] = 1;
    const { chunks } = chunkInputs([host], F, rule, 25 * step, 41 * step);
    expect(chunks.map((c) => c.inputStartMs / step)).toEqual([16, 26, 36]);
    for (const chunk of chunks) {
      for (let k = 0; k < rule.warmupSteps + rule.chunkSteps; k++) {
        const t = chunk.inputStartMs / step + k - 18;
        for (let f = 0; f < F; f++) {
          const inside = t >= 0 && t < 19;
          expect([chunk.z[k * F + f], chunk.missing[k * F + f]]).toEqual([
            inside ? Math.fround(host.z[t * F + f]) : 0,
            inside ? host.missing[t * F + f] : 1,
          ]);
        }
      }
    }
  });
});

describe('forecastStreaming', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('gives the same forecast at a time whatever range it is asked for (the shared warm-up rule)', () => {
    const F = 3;
    const model = buildForecaster({ features: F, units: 8 }, 7);
    const host = syntheticHost('h', 0, 100, F);
    const wide = forecastStreaming(model, [host], F, rule, 10 * step, 80 * step);
    const narrow = forecastStreaming(model, [host], F, rule, 47 * step, 52 * step);
    const O = 3 * F;
    const offset = 47 - 10;
    expect(Array.from(narrow.hosts[0].outputs)).toEqual(
      Array.from(wide.hosts[0].outputs.subarray(offset * O, (offset + 6) * O))
    );
    model.dispose();
  });

  it('equals one plain predict over warm-up + chunk from a zero state', () => {
    const F = 2;
    const model = buildForecaster({ features: F, units: 5 }, 3);
    const host = syntheticHost('h', 0, 40, F);
    const got = forecastStreaming(model, [host], F, rule, 20 * step, 29 * step);
    // Chunk 20..29 starts from zero state at step 16.
    const x = tf.tensor3d(Float32Array.from(host.z.slice(16 * F, 30 * F)), [1, 14, F]);
    const want = (model.predict(x) as tf.Tensor).dataSync();
    expect(Array.from(got.hosts[0].outputs)).toEqual(Array.from(want.slice(4 * 3 * F)));
    model.dispose();
  });

  it('batches hosts without mixing them up', () => {
    const F = 2;
    const model = buildForecaster({ features: F, units: 4 }, 1);
    const a = syntheticHost('a', 0, 60, F);
    const b = syntheticHost('b', 5 * step, 60, F);
    const both = forecastStreaming(model, [a, b], F, rule, 20 * step, 50 * step);
    const onlyB = forecastStreaming(model, [b], F, rule, 20 * step, 50 * step);
    expect(Array.from(both.hosts[1].outputs)).toEqual(Array.from(onlyB.hosts[0].outputs));
    expect(both.hosts.map((h) => h.instance)).toEqual(['a', 'b']);
    model.dispose();
  });
});
