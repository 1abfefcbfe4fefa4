import * as tf from '@tensorflow/tfjs';
import { mulberry32 as seeded } from '../seededRandom';
import { trainForecaster, TrainingHost, windowTensors } from './trainForecaster';

function sineHost(T: number, F: number, phase: number): TrainingHost {
  const z = new Float64Array(T * F);
  for (let t = 0; t < T; t++) {
    for (let f = 0; f < F; f++) {
      z[t * F + f] = Math.sin((t + phase) * 0.2 * (f + 1));
    }
  }
  return { z, missing: new Uint8Array(T * F) };
}

describe('trainForecaster', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  const options = { features: 2, units: 8, horizonSteps: 3, sequenceSteps: 20, strideSteps: 5, epochs: 6, batchSize: 16, learningRate: 0.02, seed: 11 };

  it('learns a predictable signal and reproduces with the same seed', async () => {
    const hosts = [sineHost(200, 2, 0), sineHost(200, 2, 7)];
    const a = await trainForecaster(hosts, options, seeded(1));
    const b = await trainForecaster(hosts, options, seeded(1));
    expect(a.losses[a.losses.length - 1]).toBeLessThan(a.losses[0] * 0.5);
    expect(b.losses).toEqual(a.losses);
    a.model.dispose();
    b.model.dispose();
  }, 60_000);

  it('masks targets that are missing or past the end', () => {
    const host = sineHost(6, 1, 0);
    host.missing[2] = 1;
    const { y } = windowTensors([host], [[0, 0]], 1, 6, 3);
    const packed = y.arraySync()[0];
    // Columns: next, horizon, next mask, horizon mask.
    expect(packed.map((row) => row[2])).toEqual([1, 0, 1, 1, 1, 0]); // z[2] missing; nothing after the end
    expect(packed.map((row) => row[3])).toEqual([1, 1, 1, 0, 0, 0]); // t+3 is z[3], z[4], z[5], then past the end
    y.dispose();
  });

  it('refuses data too short for one window', async () => {
    await expect(trainForecaster([sineHost(10, 2, 0)], options, seeded(1))).rejects.toThrow(/no training window of 20 steps/);
  });
});
