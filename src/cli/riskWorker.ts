/**
 * One thread of RiskWorkerPool (./riskWorkerPool.ts): loads the artifact once, on tfjs wasm, and
 * scores the hosts each message brings. Errors go back as { name, message }: the pool rethrows them.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadArtifactDir } from '../model/artifact/artifactDir';
import { ArtifactError } from '../model/artifact/errors';
import { HostFeatureMatrix } from '../model/features/alignSeries';
import { riskModelFromArtifact } from '../model/loadRiskModel';
import { RiskModel, RiskResult, scoreHosts, ScoreOptions } from '../model/risk/riskEngine';
import { rowScorerKit } from '../model/scorers/kit';
import { selectNodeBackend } from '../model/tfBackend';

export interface RiskWorkerRequest {
  id: number;
  hosts: HostFeatureMatrix[];
  startMs: number;
  endMs: number;
  options: ScoreOptions;
}

export type RiskWorkerReply =
  | { kind: 'ready'; backend: string }
  | { kind: 'result'; id: number; result: RiskResult }
  | ({ kind: 'error'; id: number } & WorkerErrorData)
  /** Loading the artifact or tfjs failed: the worker can score nothing. */
  | ({ kind: 'failed' } & WorkerErrorData);

export interface WorkerErrorData {
  name: string;
  message: string;
  artifact?: string;
}

function post(reply: RiskWorkerReply, transfer: ArrayBuffer[] = []): void {
  parentPort!.postMessage(reply, transfer);
}

/** An error as plain data; an ArtifactError also names its artifact, so the pool can rebuild it. */
function described(err: unknown): WorkerErrorData {
  const e = err instanceof Error ? err : new Error(String(err));
  return { name: e.name, message: e.message, ...(e instanceof ArtifactError ? { artifact: e.artifact } : {}) };
}

async function main(): Promise<void> {
  let riskModel: RiskModel;
  try {
    const backend = await selectNodeBackend('wasm');
    riskModel = riskModelFromArtifact(
      await loadArtifactDir((workerData as { modelDir: string }).modelDir),
      rowScorerKit
    );
    post({ kind: 'ready', backend });
  } catch (err) {
    post({ kind: 'failed', ...described(err) });
    return;
  }
  parentPort!.on('message', (req: RiskWorkerRequest) => {
    try {
      const result = scoreHosts(riskModel, req.hosts, req.startMs, req.endMs, req.options);
      // The result's arrays are this thread's own: hand them over instead of copying them.
      const transfer = [
        result.timestampsMs.buffer,
        ...result.hosts.flatMap((h) => [h.risk.buffer, h.components.buffer]),
      ] as ArrayBuffer[];
      post({ kind: 'result', id: req.id, result }, [...new Set(transfer)]);
    } catch (err) {
      post({ kind: 'error', id: req.id, ...described(err) });
    }
  });
}

void main();
