import * as tf from '@tensorflow/tfjs';

/**
 * Golden vectors for the forecaster alone: inputs, the LSTM's hidden state after every step,
 * and the dense outputs, from a zero state. The Go runtime must reproduce them to 1e-5.
 */
export interface ForecasterVectors {
  features: number;
  units: number;
  /** Sequences × steps × features, row-major. */
  sequences: number;
  steps: number;
  inputs: number[];
  /** Sequences × steps × units. */
  hidden: number[];
  /** Sequences × steps × 3·features. */
  outputs: number[];
}

export function forecasterVectors(model: tf.LayersModel, inputs: Float32Array, sequences: number, steps: number): ForecasterVectors {
  const features = model.inputs[0].shape[2] as number;
  const lstm = model.getLayer('lstm');
  const units = (lstm.getConfig() as { units: number }).units;
  return tf.tidy(() => {
    const x = tf.tensor3d(inputs, [sequences, steps, features]);
    const hiddenModel = tf.model({ inputs: model.inputs, outputs: lstm.output as tf.SymbolicTensor });
    return {
      features,
      units,
      sequences,
      steps,
      inputs: Array.from(inputs),
      hidden: Array.from((hiddenModel.predict(x) as tf.Tensor).dataSync()),
      outputs: Array.from((model.predict(x) as tf.Tensor).dataSync()),
    };
  });
}
