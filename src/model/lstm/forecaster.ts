import * as tf from '@tensorflow/tfjs';

/**
 * The forecaster: one LSTM layer over the normalised features, then a dense layer giving, per
 * step t and feature f, three numbers (blocks of F in this order):
 *   next[f]   — z(t + 1), the one-step forecast whose residual scores "unusual now";
 *   mean[f]   — z(t + H), the forecast at the horizon;
 *   logvar[f] — log variance of that horizon forecast, so failure limits get a probability.
 * Plain tfjs Layers (lstm, dense) so the Go runtime can read model.json and the weights. The
 * recurrent activation is set to sigmoid explicitly: tfjs defaults to hardSigmoid, Keras to
 * sigmoid, and the Go runtime must not guess.
 */
export interface ForecasterShape {
  features: number;
  units: number;
}

export const OUTPUT_BLOCKS = ['next', 'mean', 'logvar'] as const;
export const LOGVAR_MIN = -6;
export const LOGVAR_MAX = 4;

export function buildForecaster({ features, units }: ForecasterShape, seed: number): tf.LayersModel {
  const input = tf.input({ shape: [null, features], name: 'features' });
  const lstm = tf.layers.lstm({
    units,
    returnSequences: true,
    activation: 'tanh',
    recurrentActivation: 'sigmoid',
    kernelInitializer: tf.initializers.glorotUniform({ seed }),
    recurrentInitializer: tf.initializers.orthogonal({ seed: seed + 1 }),
    name: 'lstm',
  });
  const dense = tf.layers.dense({
    units: OUTPUT_BLOCKS.length * features,
    kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 2 }),
    name: 'forecast',
  });
  const output = dense.apply(lstm.apply(input)) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: output, name: 'sentinel_forecaster' });
}

/**
 * Training loss. yTrue packs, per step, [next target (F), horizon target (F), next mask (F),
 * horizon mask (F)]: masks are 0 where the target is missing or past the end of the data, so
 * gaps teach the model nothing false. MSE for the one-step forecast plus the Gaussian negative
 * log-likelihood for the horizon forecast.
 */
export function forecasterLoss(features: number) {
  return (yTrue: tf.Tensor, yPred: tf.Tensor): tf.Scalar =>
    tf.tidy(() => {
      const F = features;
      const [tNext, tMean, mNext, mMean] = tf.split(yTrue, [F, F, F, F], -1);
      const [pNext, pMean, pLogvarRaw] = tf.split(yPred, [F, F, F], -1);
      const pLogvar = tf.clipByValue(pLogvarRaw, LOGVAR_MIN, LOGVAR_MAX);
      const nextErr = tf.mul(mNext, tf.square(tf.sub(tNext, pNext)));
      const nll = tf.mul(mMean, tf.add(tf.mul(0.5, pLogvar), tf.div(tf.mul(0.5, tf.square(tf.sub(tMean, pMean))), tf.exp(pLogvar))));
      const denomNext = tf.maximum(tf.sum(mNext), 1);
      const denomMean = tf.maximum(tf.sum(mMean), 1);
      return tf.add(tf.div(tf.sum(nextErr), denomNext), tf.div(tf.sum(nll), denomMean)) as tf.Scalar;
    });
}
