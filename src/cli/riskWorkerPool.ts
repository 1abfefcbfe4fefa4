/**
 * scoreHosts on every core: Node's worker threads, each with its own tfjs wasm backend and copy of
 * the artifact, take a contiguous share of the hosts; the results come back in host order, equal
 * to scoreHosts in one thread (hosts are scored independently). For the CLI's large runs; the Go
 * backend does the same with goroutines.
 */
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { HostFeatureMatrix } from '../model/features/alignSeries';
import { RiskResult, ScoreOptions } from '../model/risk/riskEngine';
import type { RiskWorkerReply, RiskWorkerRequest } from './riskWorker';

/** Raised in the caller for an error a worker met (its original name and message are kept). */
export class RiskWorkerError extends Error {
  constructor(
    readonly workerErrorName: string,
    message: string
  ) {
    super(message);
    this.name = workerErrorName;
  }
}

export function defaultWorkerCount(): number {
  return Math.max(1, os.availableParallelism());
}

/**
 * The worker's entry. From the TypeScript sources (tsx, jest) the thread registers tsx's require
 * hook first: a worker does not inherit the parent's loader.
 */
function spawn(modelDir: string): Worker {
  const entry = require.resolve('./riskWorker');
  const code = entry.endsWith('.ts')
    ? `require('tsx/cjs/api').register(); require(${JSON.stringify(entry)});`
    : `require(${JSON.stringify(entry)});`;
  return new Worker(code, { eval: true, workerData: { modelDir } });
}

interface Pending {
  resolve: (result: RiskResult) => void;
  reject: (err: Error) => void;
}

class PooledWorker {
  private nextId = 0;
  private readonly pending = new Map<number, Pending>();
  private failure: Error | undefined;

  constructor(readonly worker: Worker) {
    worker.on('message', (reply: RiskWorkerReply) => {
      if (reply.kind === 'result' || (reply.kind === 'error' && reply.id !== null)) {
        const waiting = this.pending.get(reply.id!);
        this.pending.delete(reply.id!);
        if (reply.kind === 'result') {
          waiting?.resolve(reply.result);
        } else {
          waiting?.reject(new RiskWorkerError(reply.name, reply.message));
        }
      }
    });
    const fail = (err: Error) => {
      this.failure = err;
      this.pending.forEach((p) => p.reject(err));
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new RiskWorkerError('RiskWorkerExit', `a scoring worker exited (code ${code})`)));
  }

  score(hosts: HostFeatureMatrix[], startMs: number, endMs: number, options: ScoreOptions): Promise<RiskResult> {
    if (this.failure) {
      return Promise.reject(this.failure);
    }
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      const request: RiskWorkerRequest = { id, hosts, startMs, endMs, options };
      this.worker.postMessage(request);
    });
  }
}

export class RiskWorkerPool {
  private constructor(
    private readonly workers: PooledWorker[],
    /** The tfjs backend the workers run on. */
    readonly backend: string
  ) {}

  /** Starts `count` workers on the artifact in modelDir; resolves once all have loaded it. */
  static async start(modelDir: string, count = defaultWorkerCount()): Promise<RiskWorkerPool> {
    const workers = Array.from({ length: Math.max(1, count) }, () => spawn(modelDir));
    try {
      const backends = await Promise.all(workers.map(ready));
      return new RiskWorkerPool(
        workers.map((w) => new PooledWorker(w)),
        backends[0]
      );
    } catch (err) {
      await Promise.all(workers.map((w) => w.terminate()));
      throw err;
    }
  }

  get size(): number {
    return this.workers.length;
  }

  /** scoreHosts over the workers: contiguous shares of the hosts, merged back in order. */
  async score(
    hosts: HostFeatureMatrix[],
    startMs: number,
    endMs: number,
    options: ScoreOptions = {}
  ): Promise<RiskResult> {
    const shares = Math.min(this.workers.length, Math.max(1, hosts.length));
    const per = Math.ceil(hosts.length / shares);
    const results = await Promise.all(
      Array.from({ length: shares }, (_, i) =>
        this.workers[i].score(hosts.slice(i * per, (i + 1) * per), startMs, endMs, options)
      )
    );
    return { timestampsMs: results[0].timestampsMs, hosts: results.flatMap((r) => r.hosts) };
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.worker.terminate()));
  }
}

/** Resolves with the worker's backend once it has loaded the artifact; rejects with its error. */
function ready(worker: Worker): Promise<string> {
  return new Promise((resolve, reject) => {
    const onMessage = (reply: RiskWorkerReply) => {
      worker.off('error', onError);
      worker.off('message', onMessage);
      if (reply.kind === 'ready') {
        resolve(reply.backend);
      } else if (reply.kind === 'error') {
        reject(new RiskWorkerError(reply.name, reply.message));
      }
    };
    const onError = (err: Error) => {
      worker.off('message', onMessage);
      reject(err);
    };
    worker.on('message', onMessage);
    worker.once('error', onError);
  });
}
