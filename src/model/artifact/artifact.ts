import * as tf from '@tensorflow/tfjs';
import { ArtifactError } from './errors';
import { SentinelJson, sentinelJsonSchema } from './sentinelJson';

/**
 * The model artifact: tfjs Layers `model.json` + `weights.bin`, `sentinel.json`, and
 * `content-hash.txt`. The hash lets the panel and the backend tell they run the same model:
 * sha256 over, for each of model.json, weights.bin, sentinel.json in that order, the bytes of
 * `<name>\n<byte length>\n` followed by the file's bytes. Plain bytes, so the Go runtime
 * computes the same without re-serialising JSON.
 */
export { ARTIFACT_FILES, HASH_FILE } from './artifactFiles';
import { ARTIFACT_FILES } from './artifactFiles';
import { formatJson } from './formatJson';
const ALLOWED_LAYERS = new Set(['InputLayer', 'LSTM', 'Dense']);

export type ArtifactFiles = Record<(typeof ARTIFACT_FILES)[number], Uint8Array>;

export interface ModelArtifact {
  meta: SentinelJson;
  model: tf.LayersModel;
  contentHash: string;
}

export async function contentHash(files: ArtifactFiles): Promise<string> {
  const encoder = new TextEncoder();
  const parts: Uint8Array[] = [];
  for (const name of ARTIFACT_FILES) {
    parts.push(encoder.encode(`${name}\n${files[name].byteLength}\n`), files[name]);
  }
  const total = parts.reduce((n, p) => n + p.byteLength, 0);
  const joined = new Uint8Array(total);
  let offset = 0;
  for (const p of parts) {
    joined.set(p, offset);
    offset += p.byteLength;
  }
  const digest = await globalThis.crypto.subtle.digest('SHA-256', joined);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The artifact's files for a trained model and its metadata (validated before anything is written). */
export async function serialiseArtifact(model: tf.LayersModel, meta: SentinelJson): Promise<{ files: ArtifactFiles; contentHash: string }> {
  const checked = validateMeta(meta, meta.name);
  let captured: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      captured = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    })
  );
  if (!captured?.modelTopology || !captured.weightSpecs || !captured.weightData) {
    throw new ArtifactError(meta.name, 'tfjs returned no topology or weights');
  }
  const weightData = captured.weightData instanceof ArrayBuffer ? captured.weightData : tf.io.CompositeArrayBuffer.join(captured.weightData);
  const modelJson = {
    format: 'layers-model',
    generatedBy: `TensorFlow.js tfjs-layers v${tf.version_layers}`,
    convertedBy: null,
    modelTopology: captured.modelTopology,
    weightsManifest: [{ paths: ['weights.bin'], weights: captured.weightSpecs }],
  };
  const encoder = new TextEncoder();
  const files: ArtifactFiles = {
    'model.json': encoder.encode(JSON.stringify(modelJson)),
    'weights.bin': new Uint8Array(weightData),
    'sentinel.json': encoder.encode(`${formatJson(checked)}\n`),
  };
  return { files, contentHash: await contentHash(files) };
}

/**
 * Loads an artifact from its files, refusing anything the runtimes could not run identically:
 * a bad sentinel.json, layers other than LSTM and Dense, shapes that disagree with the feature
 * spec, or bytes that do not match the recorded hash.
 */
export async function parseArtifact(
  files: Partial<ArtifactFiles>,
  label: string,
  expectedHash?: string,
  options: { skipHash?: boolean } = {}
): Promise<ModelArtifact> {
  for (const name of ARTIFACT_FILES) {
    if (!files[name]) {
      throw new ArtifactError(label, `${name} is missing`);
    }
  }
  const complete = files as ArtifactFiles;
  // Browsers expose SHA-256 (crypto.subtle) only on HTTPS or localhost; a Grafana served over
  // plain HTTP can still run the model, reporting the backend's hash as unverified (skipHash).
  const hash = options.skipHash ? (expectedHash ?? '').trim() : await contentHash(complete);
  if (!options.skipHash && expectedHash !== undefined && expectedHash.trim() !== hash) {
    throw new ArtifactError(label, `content hash ${hash.slice(0, 12)}… does not match the recorded ${expectedHash.trim().slice(0, 12)}…; the files were changed or mixed from two versions`);
  }
  const decoder = new TextDecoder();
  const meta = validateMeta(parseJson(decoder.decode(complete['sentinel.json']), label, 'sentinel.json'), label);
  const modelJson = parseJson(decoder.decode(complete['model.json']), label, 'model.json') as {
    modelTopology?: unknown;
    weightsManifest?: Array<{ weights: tf.io.WeightsManifestEntry[] }>;
  };
  if (!modelJson.modelTopology || !Array.isArray(modelJson.weightsManifest)) {
    throw new ArtifactError(label, 'model.json is not a tfjs layers-model (no modelTopology or weightsManifest)');
  }
  checkLayerTypes(modelJson.modelTopology, label);
  const weightSpecs = modelJson.weightsManifest.flatMap((group) => group.weights);
  let model: tf.LayersModel;
  try {
    const weights = complete['weights.bin'];
    model = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: modelJson.modelTopology as tf.io.ModelJSON['modelTopology'],
        weightSpecs,
        weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) as ArrayBuffer,
      })
    );
  } catch (err) {
    throw new ArtifactError(label, `tfjs could not load model.json and weights.bin: ${(err as Error).message}`);
  }
  checkShapes(model, meta, label);
  return { meta, model, contentHash: hash };
}

function validateMeta(value: unknown, label: string): SentinelJson {
  const parsed = sentinelJsonSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ArtifactError(label, `sentinel.json: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
}

function parseJson(text: string, label: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ArtifactError(label, `${file} is not JSON: ${(err as Error).message}`);
  }
}

function checkLayerTypes(topology: unknown, label: string): void {
  type LayerList = { config?: { layers?: Array<{ class_name: string; name?: string }> } };
  // tfjs writes {class_name, config}; Keras-converted files wrap it in model_config.
  const t = topology as LayerList & { model_config?: LayerList };
  const layers = t.config?.layers ?? t.model_config?.config?.layers;
  if (!Array.isArray(layers)) {
    throw new ArtifactError(label, 'model.json has no layer list (modelTopology.config.layers)');
  }
  for (const layer of layers) {
    if (!ALLOWED_LAYERS.has(layer.class_name)) {
      throw new ArtifactError(label, `layer "${layer.name ?? '?'}" is a ${layer.class_name}; the runtimes run only ${[...ALLOWED_LAYERS].join(', ')}`);
    }
  }
}

function checkShapes(model: tf.LayersModel, meta: SentinelJson, label: string): void {
  const F = meta.features.length;
  const inputShape = model.inputs[0].shape;
  const outputShape = model.outputs[0].shape;
  if (inputShape[inputShape.length - 1] !== F) {
    throw new ArtifactError(label, `the LSTM reads ${inputShape[inputShape.length - 1]} features but sentinel.json lists ${F}`);
  }
  if (outputShape[outputShape.length - 1] !== 3 * F) {
    throw new ArtifactError(label, `the model outputs ${outputShape[outputShape.length - 1]} values per step; expected ${3 * F} (next, mean, logvar)`);
  }
  const lstm = model.layers.find((l) => l.getClassName() === 'LSTM');
  const units = (lstm?.getConfig() as { units?: number } | undefined)?.units;
  if (units !== meta.lstm.units) {
    throw new ArtifactError(label, `the LSTM has ${units} units but sentinel.json says ${meta.lstm.units}`);
  }
}
