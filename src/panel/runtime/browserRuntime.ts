import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { ArtifactFiles, parseArtifact } from '../../model/artifact/artifact';
import { HostFeatureMatrix } from '../../model/features/alignSeries';
import { riskModelFromArtifact } from '../../model/loadRiskModel';
import {
  ForecasterWeights,
  forecasterWeights,
  forecastChunksStepwise,
  yieldToPage,
} from '../../model/lstm/stepwiseForecast';
import { LiveRiskScorer } from '../../model/risk/liveRisk';
import { normaliseForModel, RiskModel, RiskResult, scoreForecast, streamingRule } from '../../model/risk/riskEngine';
import { rowScorerKit } from '../../model/scorers/kit';

/**
 * Everything that needs tfjs, in one module the panel imports lazily: webpack puts it (and tfjs)
 * in its own chunk, so dashboards without the panel never download it.
 */
export type BackendName = 'webgl' | 'wasm' | 'cpu';
export const DEFAULT_BACKEND_ORDER: BackendName[] = ['webgl', 'wasm', 'cpu'];

/**
 * WebGL that the browser emulates on the CPU (SwiftShader, llvmpipe: headless browsers, VMs,
 * blocklisted GPUs) runs this small LSTM several times slower than WebAssembly.
 */
export function softwareWebGL(): boolean {
  try {
    const gl =
      document.createElement('canvas').getContext('webgl2') ?? document.createElement('canvas').getContext('webgl');
    if (!gl) {
      return true;
    }
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
    return /swiftshader|llvmpipe|software|softpipe/i.test(renderer);
  } catch {
    return true;
  }
}

/** The backends to try for a panel setting: one forced backend (then cpu), or the automatic order. */
export function backendOrder(setting: 'auto' | BackendName): BackendName[] {
  if (setting !== 'auto') {
    return setting === 'cpu' ? ['cpu'] : [setting, 'cpu'];
  }
  return softwareWebGL() ? ['wasm', 'webgl', 'cpu'] : DEFAULT_BACKEND_ORDER;
}

declare let __webpack_public_path__: string;

/** Where the build copies tfjs's .wasm files (webpack.config.ts), under the plugin's public path. */
function wasmDir(): string {
  const base = typeof __webpack_public_path__ === 'string' ? __webpack_public_path__ : '';
  return `${base}tfjs/`;
}

/** The first backend of `order` that initialises here: webgl, then wasm (files from the plugin), then cpu. */
export async function selectBrowserBackend(order: BackendName[] = DEFAULT_BACKEND_ORDER): Promise<string> {
  const failures: string[] = [];
  for (const name of order) {
    try {
      if (name === 'wasm') {
        setWasmPaths(wasmDir());
      }
      if (await tf.setBackend(name)) {
        await tf.ready();
        return tf.getBackend();
      }
      failures.push(`${name}: not available`);
    } catch (err) {
      failures.push(`${name}: ${(err as Error).message}`);
    }
  }
  throw new Error(`no TensorFlow.js backend could start (${failures.join('; ')})`);
}

export interface PanelModel {
  version: string;
  contentHash: string;
  /** False when the browser could not hash the files (no crypto.subtle on plain HTTP). */
  hashVerified: boolean;
  backend: string;
  riskModel: RiskModel;
  weights: ForecasterWeights;
}

export async function loadPanelModel(
  version: string,
  files: ArtifactFiles,
  expectedHash: string | undefined,
  order: BackendName[] = DEFAULT_BACKEND_ORDER
): Promise<PanelModel> {
  const backend = await selectBrowserBackend(order);
  const canHash = Boolean(globalThis.crypto?.subtle);
  const artifact = await parseArtifact(files, `model ${version}`, expectedHash, { skipHash: !canHash });
  const riskModel = riskModelFromArtifact(artifact, rowScorerKit);
  return {
    version,
    contentHash: artifact.contentHash,
    hashVerified: canHash,
    backend,
    riskModel,
    weights: forecasterWeights(riskModel.model),
  };
}

export interface TimelineOptions {
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
  /** Filled with where the time went (ms), for the panel's figures and the benchmark. */
  timings?: { forecastMs?: number; scoringMs?: number };
}

/** Risk, components and contributions for every host over [startMs, endMs], yielding to the page as it goes. */
export async function computeTimeline(
  model: PanelModel,
  hosts: HostFeatureMatrix[],
  startMs: number,
  endMs: number,
  options: TimelineOptions = {}
): Promise<RiskResult> {
  const { riskModel } = model;
  const t0 = performance.now();
  const forecast = await forecastChunksStepwise(
    model.weights,
    normaliseForModel(riskModel, hosts),
    streamingRule(riskModel.meta),
    startMs,
    endMs,
    {
      signal: options.signal,
      onProgress: (done, total) => options.onProgress?.((0.8 * done) / total),
    }
  );
  const t1 = performance.now();
  // Scoring after the LSTM (Isolation Forest, contributions…) host by host, yielding between
  // hosts, so no single task blocks the page for the whole fleet.
  const result: RiskResult = { timestampsMs: forecast.timestampsMs, hosts: [] };
  for (let h = 0; h < hosts.length; h++) {
    const own = { ...forecast, chunks: forecast.chunks.filter((c) => c.host === h).map((c) => ({ ...c, host: 0 })) };
    // The panel shows risk and contributions, not the parts: parts the model weighs 0 are skipped.
    result.hosts.push(
      scoreForecast(riskModel, own, [hosts[h].instance], { contributions: true, skipUnusedParts: true }).hosts[0]
    );
    options.onProgress?.(0.8 + (0.2 * (h + 1)) / hosts.length);
    await yieldToPage();
    if (options.signal?.aborted) {
      throw new DOMException('risk computation cancelled', 'AbortError');
    }
  }
  if (options.timings) {
    options.timings.forecastMs = t1 - t0;
    options.timings.scoringMs = performance.now() - t1;
  }
  return result;
}

export function createLiveScorer(model: PanelModel): LiveRiskScorer {
  return new LiveRiskScorer(model.riskModel, model.weights);
}
export { yieldToPage };
