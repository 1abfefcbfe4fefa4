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
import { FeatureInputError } from '../model/features/errors';
import { ArtifactError } from '../model/artifact/errors';
import type { RiskWorkerReply, RiskWorkerRequest, WorkerErrorData } from './riskWorker';

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
 * hook first (a worker does not inherit the parent's loader), found from here rather than from the
 * working directory, which may be anywhere.
 */
function spawn(modelDir: string): Worker {
  const entry = require.resolve('./riskWorker');
  const hook = entry.endsWith('.ts') ? `require(${JSON.stringify(require.resolve('tsx/cjs/api'))}).register(); ` : '';
  return new Worker(`${hook}require(${JSON.stringify(entry)});`, { eval: true, workerData: { modelDir } });
}

interface Pending {
  resolve: (result: RiskResult) => void;
  reject: (err: Error) => void;
}

/**
 * One worker and its requests. Its listeners are in place from the moment it is spawned, so an
 * error or exit at any time rejects what waits on it (start-up included) instead of leaving a
 * promise unsettled or an 'error' event unheard.
 */
class PooledWorker {
  /** Resolves with the worker's tfjs backend once it has loaded the artifact. */
  readonly ready: Promise<string>;
  private nextId = 0;
  private readonly pending = new Map<number, Pending>();
  private failure: Error | undefined;

  constructor(readonly worker: Worker) {
    let started: { resolve: (backend: string) => void; reject: (err: Error) => void };
    this.ready = new Promise((resolve, reject) => (started = { resolve, reject }));
    worker.on('message', (reply: RiskWorkerReply) => {
      if (reply.kind === 'ready') {
        started.resolve(reply.backend);
      } else if (reply.kind === 'failed') {
        this.fail(reviveError(reply), started.reject);
      } else {
        const waiting = this.pending.get(reply.id);
        this.pending.delete(reply.id);
        if (reply.kind === 'result') {
          waiting?.resolve(reply.result);
        } else {
          waiting?.reject(reviveError(reply));
        }
      }
    });
    worker.on('error', (err) => this.fail(err, started.reject));
    worker.on('exit', (code) =>
      this.fail(new RiskWorkerError('RiskWorkerExit', `a scoring worker exited (code ${code})`), started.reject)
    );
  }

  /** The first failure is the one kept and reported (an error is followed by an exit). */
  private fail(err: Error, rejectStart: (err: Error) => void): void {
    this.failure ??= err;
    rejectStart(this.failure);
    this.pending.forEach((p) => p.reject(this.failure!));
    this.pending.clear();
  }

  score(hosts: HostFeatureMatrix[], startMs: number, endMs: number, options: ScoreOptions): Promise<RiskResult> {
    if (this.failure) {
      return Promise.reject(this.failure);
    }
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      const request: RiskWorkerRequest = { id, hosts, startMs, endMs, options };
      try {
        this.worker.postMessage(request);
      } catch (err) {
        this.pending.delete(id);
        reject(err as Error);
      }
    });
  }
}

/**
 * A worker's error as the caller's: bad input (features, the model artifact) keeps its class, so
 * callers tell it apart as they would in one thread (the CLI exits 2 for it).
 */
function reviveError({ name, message, artifact }: WorkerErrorData): Error {
  if (name === 'FeatureInputError') {
    return new FeatureInputError(message);
  }
  if (name === 'ArtifactError' && artifact !== undefined) {
    const prefix = `model artifact ${artifact}: `;
    return new ArtifactError(artifact, message.startsWith(prefix) ? message.slice(prefix.length) : message);
  }
  return new RiskWorkerError(name, message);
}

export class RiskWorkerPool {
  private constructor(
    private readonly workers: PooledWorker[],
    /** The tfjs backend the workers run on. */
    readonly backend: string
  ) {}

  /** Starts `count` workers on the artifact in modelDir; resolves once all have loaded it. */
  static async start(modelDir: string, count = defaultWorkerCount()): Promise<RiskWorkerPool> {
    const workers = Array.from({ length: Math.max(1, count) }, () => new PooledWorker(spawn(modelDir)));
    try {
      const backends = await Promise.all(workers.map((w) => w.ready));
      return new RiskWorkerPool(workers, backends[0]);
    } catch (err) {
      await Promise.all(workers.map((w) => w.worker.terminate()));
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
