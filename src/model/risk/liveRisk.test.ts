import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { loadArtifactDir } from '../artifact/artifactDir';
import { HostFeatureMatrix } from '../features/alignSeries';
import { denormaliseValue } from '../features/normalise';
import { riskModelFromArtifact } from '../loadRiskModel';
import { forecasterWeights, forecastChunksStepwise } from '../lstm/stepwiseForecast';
import { planChunks } from '../lstm/streamingPlan';
import { FailureHead } from '../failureHead/failureHeadJson';
import { treesRead } from '../failureHead/boostedTrees';
import { DEFAULT_HEAD_INPUTS, headFeatureCount } from '../failureHead/headFeatures';
import { trainBoostedTrees } from '../failureHead/trainBoostedTrees';
import { createRandom } from '../random';
import { rowScorerKit } from '../scorers/kit';
import { LiveRiskScorer } from './liveRisk';
import { normaliseForModel, RiskModel, scoreForecast, scoreHosts, streamingRule } from './riskEngine';

const MODEL_DIR = path.resolve(__dirname, '../../../models/default');

/** Hosts wandering around the model's normal range, one drifting up, with a few missing cells. */
function syntheticHosts(riskModel: RiskModel, startMs: number, steps: number): HostFeatureMatrix[] {
  const { meta } = riskModel;
  const F = meta.features.length;
  const stepMs = meta.stepSeconds * 1000;
  return ['web-1', 'web-2', 'db-1'].map((instance, h) => {
    const timestampsMs = new Float64Array(steps).map((_, t) => startMs + t * stepMs);
    const values = new Float64Array(steps * F);
    const missing = new Uint8Array(steps * F);
    for (let t = 0; t < steps; t++) {
      for (let f = 0; f < F; f++) {
        const drift = h === 2 ? (3 * t) / steps : 0;
        const z = Math.sin((t + 7 * f + 31 * h) / 23) * 0.8 + drift + 0.3 * Math.cos(t * 1.7 + f);
        values[t * F + f] = denormaliseValue(meta.normalisation[f], z);
        if ((t * 7 + f * 3 + h) % 97 === 0) {
          missing[t * F + f] = 1;
          values[t * F + f] = NaN;
        }
      }
    }
    return { instance, features: meta.features.map((s) => s.name), timestampsMs, values, missing };
  });
}

// The failure trend reads a window of earlier rows, which the live scorer must carry too.
const TREND = { windowSteps: 40, projectSteps: 75, minSigma: 0.01 };

/**
 * A failure head of real trees over every kind of input (parts, slopes, values, range), fitted to a
 * made-up label on seeded random rows: what it predicts does not matter here, only that live and
 * batch scoring feed it the same inputs.
 */
function syntheticHead(F: number): FailureHead {
  const inputs = DEFAULT_HEAD_INPUTS;
  const K = headFeatureCount(F, inputs);
  const rng = createRandom(11);
  const rows = Float64Array.from({ length: 2000 * K }, () => rng.float() * 2 - 1);
  const labels = Uint8Array.from({ length: 2000 }, (_, i) => {
    const r = rows.subarray(i * K, i * K + K);
    return r[1] + r[4] + r[4 + 3 * F] + r[K - 1] > 0 ? 1 : 0;
  });
  return { inputs, labelWindowSteps: 90, trees: trainBoostedTrees(rows, K, labels, { iterations: 20, maxLeaves: 8 }) };
}

type HeadCase = 'shipped' | 'none' | 'synthetic';
describe.each<[string, (meta: RiskModel['meta']) => RiskModel['meta'], HeadCase]>([
  ['as the shipped model is (with its failure head)', (meta) => meta, 'shipped'],
  ['without a failure head (calibrated parts)', (meta) => meta, 'none'],
  ['without a failure head or the failure trend', (meta) => ({ ...meta, failureTrend: undefined }), 'none'],
  ['without a failure head, with another failure trend', (meta) => ({ ...meta, failureTrend: TREND }), 'none'],
  ['with a small synthetic failure head', (meta) => meta, 'synthetic'],
])('risk without blocking and with carried state, %s', (_, withMeta, headCase) => {
  let riskModel: RiskModel;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    const loaded = riskModelFromArtifact(await loadArtifactDir(MODEL_DIR), rowScorerKit);
    riskModel = { ...loaded, meta: withMeta(loaded.meta) };
    if (headCase === 'none') {
      riskModel.head = undefined;
    } else if (headCase === 'synthetic') {
      riskModel.head = syntheticHead(loaded.meta.features.length);
    }
  });

  const setup = () => {
    const rule = streamingRule(riskModel.meta);
    const chunkMs = rule.chunkSteps * rule.stepMs;
    // Two and a half chunks, ending inside the warm-up window of the next chunk.
    const endMs = 1_767_225_600_000 + 3 * chunkMs - 20 * rule.stepMs;
    const startMs = endMs - 2 * chunkMs;
    const plan = planChunks(rule, startMs, endMs);
    const steps = Math.round((endMs - plan.fetchStartMs) / rule.stepMs) + 1;
    const hosts = syntheticHosts(riskModel, plan.fetchStartMs, steps);
    return { rule, startMs, endMs, hosts, full: scoreHosts(riskModel, hosts, startMs, endMs) };
  };

  it('computes the same risk step by step as the batched forecaster, reporting progress', async () => {
    const { rule, startMs, endMs, hosts, full } = setup();
    const progress: number[] = [];
    const forecast = await forecastChunksStepwise(
      forecasterWeights(riskModel.model),
      normaliseForModel(riskModel, hosts),
      rule,
      startMs,
      endMs,
      {
        yieldEvery: 50,
        onProgress: (done, total) => progress.push(done / total),
      }
    );
    const stepwise = scoreForecast(
      riskModel,
      forecast,
      hosts.map((h) => h.instance)
    );
    expect(Array.from(stepwise.timestampsMs)).toEqual(Array.from(full.timestampsMs));
    let maxDiff = 0;
    full.hosts.forEach((host, i) =>
      host.risk.forEach((r, s) => (maxDiff = Math.max(maxDiff, Math.abs(r - stepwise.hosts[i].risk[s]))))
    );
    expect(maxDiff).toBeLessThan(1e-5);
    expect(progress.length).toBeGreaterThan(3);
    expect(progress[progress.length - 1]).toBe(1);
    // The drifting host must actually move the risk, or equality would prove little (a head's label
    // has nothing to do with this drift; its spread is checked instead).
    if (headCase === 'none') {
      expect(Math.max(...full.hosts[2].risk)).toBeGreaterThan(Math.max(...full.hosts[0].risk));
    } else {
      const risks = full.hosts.flatMap((h) => Array.from(h.risk));
      expect(Math.max(...risks) - Math.min(...risks)).toBeGreaterThan(0.1);
    }
  }, 60_000);

  it('gives every newly scored step the risk the full computation gives it, across a chunk boundary', () => {
    const { rule, endMs, hosts, full } = setup();
    const scorer = new LiveRiskScorer(riskModel, forecasterWeights(riskModel.model));
    // Start 300 steps before the end: a chunk boundary and the next chunk's warm-up lie ahead.
    const primeMs = endMs - 300 * rule.stepMs;
    scorer.advance(hosts, primeMs);
    expect(scorer.processedUntilMs).toBe(primeMs);
    const points = new Map<string, Array<{ t: number; r: number }>>();
    for (const until of [primeMs + rule.stepMs, primeMs + 2 * rule.stepMs, primeMs + 150 * rule.stepMs, endMs]) {
      for (const [instance, list] of scorer.advance(hosts, until)) {
        points.set(instance, [...(points.get(instance) ?? []), ...list.map((p) => ({ t: p.timestampMs, r: p.risk }))]);
      }
    }
    const firstIndex = full.timestampsMs.indexOf(primeMs + rule.stepMs);
    full.hosts.forEach((host) => {
      const live = points.get(host.instance)!;
      expect(live).toHaveLength(300);
      live.forEach(({ t, r }, j) => {
        expect(t).toBe(full.timestampsMs[firstIndex + j]);
        expect(Math.abs(r - host.risk[firstIndex + j])).toBeLessThan(1e-5);
      });
    });
    if (riskModel.meta.failureTrend) {
      // The drifting host's trend must reach the failure part, or the carried window is untested.
      const failure = (h: number, s: number) => full.hosts[h].components[s * 4];
      const drifting = Math.max(...full.timestampsMs.map((_, s) => failure(2, s)));
      expect(drifting).toBeGreaterThan(0.5);
    }
    if (headCase !== 'none') {
      // The risk must be the head's (not the calibration's) and must move, or equality proves little.
      const calibrated = scoreHosts({ ...riskModel, head: undefined }, hosts, full.timestampsMs[0], endMs);
      const risks = full.hosts.flatMap((h) => Array.from(h.risk));
      expect(Math.max(...risks) - Math.min(...risks)).toBeGreaterThan(0.1);
      expect(full.hosts[0].risk.some((r, s) => Math.abs(r - calibrated.hosts[0].risk[s]) > 0.01)).toBe(true);
    }
    // Nothing new, nothing returned.
    expect(scorer.advance(hosts, endMs).get('web-1')).toEqual([]);
  }, 60_000);
});

describe('skipping the parts nothing reads (the panel, risk queries)', () => {
  it.each([
    ['the shipped weights (Isolation Forest and baseline at 0)', (w: number[]) => w],
    ['every part weighed', (w: number[]) => w.map((v) => (v === 0 ? 0.2 : v))],
  ])(
    'gives the same risk and contributions with %s',
    async (_, weights) => {
      await tf.setBackend('cpu');
      const loaded = riskModelFromArtifact(await loadArtifactDir(MODEL_DIR), rowScorerKit);
      const riskModel = {
        ...loaded,
        meta: {
          ...loaded.meta,
          calibration: { ...loaded.meta.calibration, weights: weights(loaded.meta.calibration.weights) },
        },
      };
      // Weighed 0 and, with a failure head, never split on by it (the shipped head reads the baseline).
      const head = riskModel.head?.trees;
      const unused = [2, 3].filter((i) => riskModel.meta.calibration.weights[i] === 0 && !(head && treesRead(head, i)));
      const rule = streamingRule(riskModel.meta);
      const endMs = 1_767_225_600_000 + 2 * rule.chunkSteps * rule.stepMs - rule.stepMs;
      const startMs = endMs - rule.chunkSteps * rule.stepMs;
      const plan = planChunks(rule, startMs, endMs);
      const hosts = syntheticHosts(
        riskModel,
        plan.fetchStartMs,
        Math.round((endMs - plan.fetchStartMs) / rule.stepMs) + 1
      );
      const all = scoreHosts(riskModel, hosts, startMs, endMs, { contributions: true });
      const skipped = scoreHosts(riskModel, hosts, startMs, endMs, { contributions: true, skipUnusedParts: true });
      all.hosts.forEach((host, h) => {
        const other = skipped.hosts[h];
        expect(Array.from(other.risk)).toEqual(Array.from(host.risk));
        expect(other.contributions).toEqual(host.contributions);
        expect(other.episodes).toEqual(host.episodes);
        for (let s = 0; s < host.risk.length; s++) {
          for (let i = 0; i < 4; i++) {
            // Skipped parts read 0; every other part is what the full computation gives.
            expect(other.components[s * 4 + i]).toBe(unused.includes(i) ? 0 : host.components[s * 4 + i]);
          }
        }
      });
      // The parts skipped on the shipped model are not 0 when computed, so the comparison means something.
      if (unused.length > 0) {
        expect(Math.max(...all.hosts[0].components.filter((_, k) => k % 4 === unused[0]))).toBeGreaterThan(0);
      }
    },
    60_000
  );
});

describe('absurd input', () => {
  it('keeps risk a probability when a finite value is far beyond float32 (normalised values are clamped)', async () => {
    await tf.setBackend('cpu');
    const riskModel = riskModelFromArtifact(await loadArtifactDir(MODEL_DIR), rowScorerKit);
    const rule = streamingRule(riskModel.meta);
    const endMs = 1_767_225_600_000 + 2 * rule.chunkSteps * rule.stepMs - rule.stepMs;
    const startMs = endMs - rule.chunkSteps * rule.stepMs;
    const plan = planChunks(rule, startMs, endMs);
    const steps = Math.round((endMs - plan.fetchStartMs) / rule.stepMs) + 1;
    const [host] = syntheticHosts(riskModel, plan.fetchStartMs, steps);
    const F = riskModel.meta.features.length;
    const ratio = riskModel.meta.features.findIndex((f) => f.unit === 'ratio');
    for (let t = 0; t < steps; t += 7) {
      host.values[t * F + ratio] = 1e300;
      host.missing[t * F + ratio] = 0;
    }
    const result = scoreHosts(riskModel, [host], startMs, endMs);
    expect(result.hosts[0].risk.every((r) => r >= 0 && r <= 1)).toBe(true);
  }, 60_000);
});

describe('a failing host with a failure head', () => {
  it('reads risk 1 where a feature is at or beyond its failure limit, and the head elsewhere', async () => {
    await tf.setBackend('cpu');
    // The golden artifact with a failure head (its trees are small enough to reason about).
    const riskModel = riskModelFromArtifact(
      await loadArtifactDir(path.resolve(__dirname, '../../../testdata/golden/risk-head')),
      rowScorerKit
    );
    expect(riskModel.head).toBeDefined();
    const { meta } = riskModel;
    const F = meta.features.length;
    const fd = meta.features.findIndex((f) => f.name === 'fd_used');
    const limit = meta.features[fd].failureLimit!;
    const rule = streamingRule(meta);
    const endMs = 1_767_225_600_000 + 2 * rule.chunkSteps * rule.stepMs - rule.stepMs;
    const startMs = endMs - rule.chunkSteps * rule.stepMs;
    const plan = planChunks(rule, startMs, endMs);
    const steps = Math.round((endMs - plan.fetchStartMs) / rule.stepMs) + 1;
    const [host] = syntheticHosts(riskModel, plan.fetchStartMs, steps);
    const failing = { ...host, values: Float64Array.from(host.values), missing: Uint8Array.from(host.missing) };
    const first = steps - 100;
    for (let t = first; t < steps; t++) {
      failing.values[t * F + fd] = t % 10 === 0 ? NaN : (limit + 1) / 2;
      failing.missing[t * F + fd] = t % 10 === 0 ? 1 : 0;
    }
    const normal = scoreHosts(riskModel, [host], startMs, endMs).hosts[0].risk;
    const result = scoreHosts(riskModel, [failing], startMs, endMs);
    const risk = result.hosts[0].risk;
    const offset = Math.round((startMs - plan.fetchStartMs) / rule.stepMs);
    for (let s = 0; s < risk.length; s++) {
      const t = s + offset;
      if (t >= first && t % 10 !== 0) {
        expect(risk[s]).toBe(1);
      } else if (t < first) {
        expect(risk[s]).toBe(normal[s]);
      }
    }
    // Where the value is missing nothing is known to be beyond the limit: the head's own risk.
    const missingRows = risk.filter((_, s) => s + offset >= first && (s + offset) % 10 === 0);
    expect(missingRows.length).toBeGreaterThan(5);
    expect(Math.max(...missingRows)).toBeLessThan(1);
    expect(normal.every((r) => r < 1)).toBe(true);
  }, 60_000);
});
