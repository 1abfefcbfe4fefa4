import * as tf from '@tensorflow/tfjs';
import { buildForecaster, forecasterLoss } from './forecaster';

/** A host's normalised features with their missing mask, on one grid (row-major T × F). */
export interface TrainingHost {
  z: Float64Array;
  missing: Uint8Array;
}

export interface TrainOptions {
  features: number;
  units: number;
  horizonSteps: number;
  /** Sequence length: the streaming rule's warm-up + chunk, so training sees what scoring sees. */
  sequenceSteps: number;
  /** Windows start every `strideSteps` steps of each host. */
  strideSteps: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  seed: number;
  onEpoch?: (epoch: number, loss: number) => void;
  /** Start from these weights (fine-tuning) instead of a fresh model. */
  initialModel?: tf.LayersModel;
}

/**
 * Trains the forecaster on windows cut from every host. Shuffling uses our own seeded order
 * (tfjs's fit would use Math.random), so a seed reproduces a run on the same backend.
 */
export async function trainForecaster(hosts: TrainingHost[], options: TrainOptions, random: () => number): Promise<{ model: tf.LayersModel; losses: number[] }> {
  const { features: F, horizonSteps: H, sequenceSteps: S } = options;
  const starts: Array<[host: number, t: number]> = [];
  hosts.forEach((host, h) => {
    const T = host.z.length / F;
    for (let t = 0; t + S <= T; t += options.strideSteps) {
      starts.push([h, t]);
    }
  });
  if (starts.length === 0) {
    throw new Error(`no training window of ${S} steps fits the data; give longer history or a shorter sequence`);
  }
  const model = options.initialModel ?? buildForecaster({ features: F, units: options.units }, options.seed);
  // Our own step rather than compile/fit: the packed targets (4F) differ in shape from the
  // outputs (3F), which fit refuses, and the loop keeps the batch order ours.
  const optimizer = tf.train.adam(options.learningRate);
  const loss = forecasterLoss(F);
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);

  const losses: number[] = [];
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    shuffleInPlace(starts, random);
    let sum = 0;
    let batches = 0;
    for (let from = 0; from < starts.length; from += options.batchSize) {
      const batch = starts.slice(from, from + options.batchSize);
      const { x, y } = windowTensors(hosts, batch, F, S, H);
      const cost = optimizer.minimize(() => loss(y, model.apply(x, { training: true }) as tf.Tensor), true, variables);
      sum += (await cost!.data())[0];
      cost!.dispose();
      x.dispose();
      y.dispose();
      batches++;
    }
    losses.push(sum / batches);
    options.onEpoch?.(epoch, sum / batches);
  }
  optimizer.dispose();
  return { model, losses };
}

/** Inputs [B, S, F] and packed targets [B, S, 4F] (next, horizon, their masks) for a batch of windows. */
export function windowTensors(hosts: TrainingHost[], batch: Array<[number, number]>, F: number, S: number, H: number): { x: tf.Tensor3D; y: tf.Tensor3D } {
  const x = new Float32Array(batch.length * S * F);
  const y = new Float32Array(batch.length * S * 4 * F);
  batch.forEach(([h, t0], b) => {
    const { z, missing } = hosts[h];
    const T = z.length / F;
    for (let k = 0; k < S; k++) {
      const t = t0 + k;
      const xOff = (b * S + k) * F;
      const yOff = (b * S + k) * 4 * F;
      for (let f = 0; f < F; f++) {
        x[xOff + f] = z[t * F + f];
        if (t + 1 < T && !missing[(t + 1) * F + f]) {
          y[yOff + f] = z[(t + 1) * F + f];
          y[yOff + 2 * F + f] = 1;
        }
        if (t + H < T && !missing[(t + H) * F + f]) {
          y[yOff + F + f] = z[(t + H) * F + f];
          y[yOff + 3 * F + f] = 1;
        }
      }
    }
  });
  return { x: tf.tensor3d(x, [batch.length, S, F]), y: tf.tensor3d(y, [batch.length, S, 4 * F]) };
}

function shuffleInPlace<T>(items: T[], random: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
}
