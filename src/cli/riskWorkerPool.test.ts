import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadArtifactDir } from '../model/artifact/artifactDir';
import { HostFeatureMatrix } from '../model/features/alignSeries';
import { denormaliseValue } from '../model/features/normalise';
import { riskModelFromArtifact } from '../model/loadRiskModel';
import { planChunks } from '../model/lstm/streamingPlan';
import { RiskModel, scoreHosts, streamingRule } from '../model/risk/riskEngine';
import { rowScorerKit } from '../model/scorers/kit';
import { selectNodeBackend } from '../model/tfBackend';
import { FeatureInputError } from '../model/features/errors';
import { ArtifactError } from '../model/artifact/errors';
import type { Worker } from 'node:worker_threads';
import { RiskWorkerPool } from './riskWorkerPool';

const MODEL_DIR = path.resolve(__dirname, '../../models/default');

/** Five hosts (not a multiple of the pool's size), one climbing, with missing cells. */
function hostsFor(riskModel: RiskModel, fetchStartMs: number, steps: number): HostFeatureMatrix[] {
  const { meta } = riskModel;
  const F = meta.features.length;
  const stepMs = meta.stepSeconds * 1000;
  return Array.from({ length: 5 }, (_, h) => {
    const values = new Float64Array(steps * F);
    const missing = new Uint8Array(steps * F);
    for (let t = 0; t < steps; t++) {
      for (let f = 0; f < F; f++) {
        const z = Math.sin((t + 5 * f + 13 * h) / 19) + (h === 3 ? (4 * t) / steps : 0);
        values[t * F + f] = denormaliseValue(meta.normalisation[f], z);
        if ((t * 5 + f + h) % 89 === 0) {
          missing[t * F + f] = 1;
          values[t * F + f] = NaN;
        }
      }
    }
    return {
      instance: `host-${h}`,
      features: meta.features.map((s) => s.name),
      timestampsMs: Float64Array.from({ length: steps }, (_, t) => fetchStartMs + t * stepMs),
      values,
      missing,
    };
  });
}

describe('RiskWorkerPool', () => {
  jest.setTimeout(60_000);
  let riskModel: RiskModel;
  let pool: RiskWorkerPool;
  beforeAll(async () => {
    await selectNodeBackend('wasm'); // the workers' backend
    riskModel = riskModelFromArtifact(await loadArtifactDir(MODEL_DIR), rowScorerKit);
    pool = await RiskWorkerPool.start(MODEL_DIR, 2);
  });
  afterAll(() => pool?.close());

  it('gives what scoreHosts gives in one thread, hosts in order', async () => {
    const rule = streamingRule(riskModel.meta);
    const startMs = 1_767_225_600_000;
    const endMs = startMs + (rule.chunkSteps + 37) * rule.stepMs;
    const plan = planChunks(rule, startMs, endMs);
    const hosts = hostsFor(riskModel, plan.fetchStartMs, Math.round((endMs - plan.fetchStartMs) / rule.stepMs) + 1);
    const expected = scoreHosts(riskModel, hosts, startMs, endMs, { contributions: true });
    const pooled = await pool.score(hosts, startMs, endMs, { contributions: true });
    expect(pool.backend).toBe('wasm');
    expect(pooled.hosts.map((h) => h.instance)).toEqual(hosts.map((h) => h.instance));
    expect(Array.from(pooled.timestampsMs)).toEqual(Array.from(expected.timestampsMs));
    pooled.hosts.forEach((host, i) => {
      expect(Array.from(host.risk)).toEqual(Array.from(expected.hosts[i].risk));
      expect(Array.from(host.components)).toEqual(Array.from(expected.hosts[i].components));
      expect(host.episodes).toEqual(expected.hosts[i].episodes);
      expect(host.contributions).toEqual(expected.hosts[i].contributions);
    });
    // The climbing host alerts, so the comparison covers episodes, not only quiet series.
    expect(expected.hosts[3].episodes.length).toBeGreaterThan(0);
  });

  it('rethrows a worker’s error with its name and message, and keeps working', async () => {
    const rule = streamingRule(riskModel.meta);
    const startMs = 1_767_225_600_000;
    const endMs = startMs + 10 * rule.stepMs;
    const plan = planChunks(rule, startMs, endMs);
    const [good] = hostsFor(riskModel, plan.fetchStartMs, Math.round((endMs - plan.fetchStartMs) / rule.stepMs) + 1);
    const bad = { ...good, features: good.features.slice(1) };
    const direct = (() => {
      try {
        scoreHosts(riskModel, [bad], startMs, endMs);
      } catch (err) {
        return err as Error;
      }
      return undefined;
    })();
    expect(direct).toBeInstanceOf(FeatureInputError);
    // Bad input keeps its class across the thread boundary (the CLI exits 2 for it).
    const pooled = pool.score([bad], startMs, endMs);
    await expect(pooled).rejects.toBeInstanceOf(FeatureInputError);
    await expect(pooled).rejects.toMatchObject({ message: direct!.message });
    await expect(pool.score([good], startMs, endMs)).resolves.toMatchObject({ hosts: [{ instance: good.instance }] });
  });

  it('rejects, instead of waiting for ever, when a worker dies', async () => {
    const own = await RiskWorkerPool.start(MODEL_DIR, 2);
    try {
      const rule = streamingRule(riskModel.meta);
      const startMs = 1_767_225_600_000;
      const endMs = startMs + 10 * rule.stepMs;
      const plan = planChunks(rule, startMs, endMs);
      const hosts = hostsFor(riskModel, plan.fetchStartMs, Math.round((endMs - plan.fetchStartMs) / rule.stepMs) + 1);
      const workers = (own as unknown as { workers: Array<{ worker: Worker }> }).workers;
      const scoring = own.score(hosts, startMs, endMs);
      await workers[1].worker.terminate();
      await expect(scoring).rejects.toThrow(/a scoring worker exited/);
      await expect(own.score(hosts, startMs, endMs)).rejects.toThrow(/a scoring worker exited/);
    } finally {
      await own.close();
    }
  });

  it('starts whatever the working directory (the worker finds tsx from its own place)', async () => {
    const cwd = process.cwd();
    process.chdir(os.tmpdir());
    try {
      const own = await RiskWorkerPool.start(MODEL_DIR, 1);
      await own.close();
    } finally {
      process.chdir(cwd);
    }
  });

  it('refuses to start on a folder that holds no model, saying why', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'sentinel-pool-'));
    const starting = RiskWorkerPool.start(empty, 1);
    await expect(starting).rejects.toThrow(/model\.json|sentinel\.json/);
    // As in one thread: an ArtifactError naming the folder (the CLI exits 2 for it).
    await expect(starting).rejects.toBeInstanceOf(ArtifactError);
    await expect(starting).rejects.toMatchObject({ artifact: empty });
  });
});
