import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { loadArtifactDir } from '../artifact/artifactDir';
import { riskModelFromArtifact } from '../loadRiskModel';
import { failureLimits, RiskModel, scoreHosts } from '../risk/riskEngine';
import { generateScenarioFleet } from '../scenarios/generateScenarioFleet';
import { rowScorerKit } from '../scorers/kit';
import { boostedLogits, treesRead } from './boostedTrees';
import { DEFAULT_HEAD_INPUTS, headFeatureCount } from './headFeatures';
import { hardNegativeWindows } from './hardNegatives';
import { failureHeadRows, trainFailureHead } from './trainFailureHead';

const GOLDEN = path.resolve(__dirname, '../../../testdata/golden/risk');
const options = {
  inputs: DEFAULT_HEAD_INPUTS,
  labelWindowSteps: 90,
  strideSteps: 3,
  quietAfterMinutes: 30,
  skipSteps: 60,
};

describe('failure head training rows', () => {
  let riskModel: RiskModel;
  const fleet = generateScenarioFleet({
    seed: 99,
    hosts: 2,
    durationHours: 6,
    stepSeconds: 15,
    normalSource: 'synthetic',
    failureRate: 6,
    warmupMinutes: 30,
  });
  beforeAll(async () => {
    await tf.setBackend('cpu');
    riskModel = riskModelFromArtifact(await loadArtifactDir(GOLDEN), rowScorerKit);
  });

  it('are the inputs scoring computes, every stride-th step, labelled by the window and quiet after a failure', () => {
    const { rows, labels, features } = failureHeadRows(riskModel, [fleet], options);
    const F = riskModel.meta.features.length;
    expect(features).toBe(headFeatureCount(F, DEFAULT_HEAD_INPUTS));
    // Rebuild the expectation host by host from scoreHosts itself.
    const stepMs = 15_000;
    const want: number[] = [];
    const wantRows: Float64Array[] = [];
    for (const host of fleet.hosts) {
      const t = host.timestampsMs;
      const scored = scoreHosts(riskModel, [host], t[0] + 60 * stepMs, t[t.length - 1], {
        headInputs: DEFAULT_HEAD_INPUTS,
      });
      const failures = fleet.failures.filter((f) => f.instance === host.instance).map((f) => f.failureMs);
      for (let s = 0; s < scored.timestampsMs.length; s += 3) {
        const time = scored.timestampsMs[s];
        if (failures.some((f) => time > f && time <= f + 30 * 60_000)) {
          continue;
        }
        want.push(failures.some((f) => time <= f && time >= f - 90 * stepMs) ? 1 : 0);
        wantRows.push(scored.hosts[0].headInputs!.subarray(s * features, (s + 1) * features));
      }
    }
    expect(Array.from(labels)).toEqual(want);
    expect(labels.reduce((a, b) => a + b, 0)).toBeGreaterThan(20);
    expect(rows.length).toBe(want.length * features);
    const i = want.indexOf(1);
    expect(Array.from(rows.subarray(i * features, (i + 1) * features))).toEqual(Array.from(wantRows[i]));
  }, 60_000);

  it('fit trees that rank the warning window above the rest on their own rows', () => {
    const head = trainFailureHead(riskModel, [fleet], { ...options, trees: { iterations: 20, maxLeaves: 8 } });
    const { rows, labels } = failureHeadRows(riskModel, [fleet], options);
    const logits = boostedLogits(head.trees, rows);
    // AUC by counting ordered pairs.
    const pos = logits.filter((_, i) => labels[i] === 1);
    const neg = logits.filter((_, i) => labels[i] === 0);
    let wins = 0;
    for (const p of pos) {
      for (const n of neg) {
        wins += p > n ? 1 : p === n ? 0.5 : 0;
      }
    }
    expect(wins / (pos.length * neg.length)).toBeGreaterThan(0.8);
    expect(head.labelWindowSteps).toBe(90);
  }, 60_000);

  it('with failingPositive, also call positive the steps after a failure that are still beyond a limit', () => {
    // Steps after a failure kept (as the default model keeps them), so the failing ones are there.
    const kept = { ...options, quietAfterMinutes: 0 };
    const plain = failureHeadRows(riskModel, [fleet], kept);
    const failing = failureHeadRows(riskModel, [fleet], { ...kept, failingPositive: true });
    const K = plain.features;
    const limits = failureLimits(riskModel.meta);
    const valueAt = 4 + DEFAULT_HEAD_INPUTS.slopeSteps.length * riskModel.meta.features.length;
    let added = 0;
    for (let i = 0; i < plain.labels.length; i++) {
      if (failing.labels[i] !== plain.labels[i]) {
        // Only ever 0 → 1, and only on rows beyond a limit.
        expect([plain.labels[i], failing.labels[i]]).toEqual([0, 1]);
        expect(limits.some((l) => failing.rows[i * K + valueAt + l.feature] >= l.limitZ)).toBe(true);
        added++;
      }
    }
    expect(added).toBeGreaterThan(0);
  }, 60_000);

  it('leave the unread parts missing, so no tree splits on them', () => {
    const unread = { ...options, unreadParts: [2, 3] };
    const { rows, features } = failureHeadRows(riskModel, [fleet], unread);
    const full = failureHeadRows(riskModel, [fleet], options).rows;
    for (let i = 0; i < rows.length / features; i++) {
      expect(Number.isNaN(rows[i * features + 2]) && Number.isNaN(rows[i * features + 3])).toBe(true);
      expect(rows[i * features]).toBe(full[i * features]);
    }
    // Both parts vary in the rows, so a head free to read them would.
    expect(new Set(full.filter((_, k) => k % features === 2)).size).toBeGreaterThan(10);
    const head = trainFailureHead(riskModel, [fleet], { ...unread, trees: { iterations: 20, maxLeaves: 8 } });
    expect([2, 3].some((part) => treesRead(head.trees, part))).toBe(false);
    expect(treesRead(head.trees, 0) || treesRead(head.trees, 1)).toBe(true);
  }, 60_000);

  it('take every hardNegativeStrideSteps-th step inside a hard-negative window, the common stride elsewhere', () => {
    const windows = hardNegativeWindows(fleet, 90 * 15_000);
    expect(windows.length).toBeGreaterThan(0);
    const sparse = failureHeadRows(riskModel, [{ ...fleet, hardNegatives: windows }], options);
    const plain = failureHeadRows(riskModel, [fleet], options);
    // Without a dense stride the windows change nothing.
    expect(Array.from(sparse.labels)).toEqual(Array.from(plain.labels));
    const dense = failureHeadRows(riskModel, [{ ...fleet, hardNegatives: windows }], {
      ...options,
      hardNegativeStrideSteps: 1,
    });
    // Count, step by step, what the rule should keep.
    let want = 0;
    for (const host of fleet.hosts) {
      const t = host.timestampsMs;
      const failures = fleet.failures.filter((f) => f.instance === host.instance).map((f) => f.failureMs);
      const mine = windows.filter((w) => w.instance === host.instance);
      for (let s = 0; s + 60 < t.length; s++) {
        const time = t[s + 60];
        const inside = mine.some((w) => time >= w.startMs && time <= w.endMs);
        const quiet = failures.some((f) => time > f && time <= f + 30 * 60_000);
        if ((inside || s % 3 === 0) && !quiet) {
          want++;
        }
      }
    }
    expect(dense.labels.length).toBe(want);
    expect(dense.labels.length).toBeGreaterThan(plain.labels.length);
  }, 60_000);
});

describe('hard-negative windows of a scenario fleet', () => {
  const fleet = generateScenarioFleet({ seed: 5, hosts: 3, durationHours: 12, stepSeconds: 15, failureRate: 4 });
  const labelWindowMs = 90 * 15_000;
  const windows = hardNegativeWindows(fleet, labelWindowMs);

  it('cover each benign event from start to end', () => {
    for (const b of fleet.benignEvents) {
      expect(windows).toContainEqual({ instance: b.instance, startMs: b.startMs, endMs: b.endMs });
    }
  });

  it('cover each precursor up to, never into, the label window', () => {
    const early = windows.slice(fleet.benignEvents.length);
    const long = fleet.failures.filter((f) => f.failureMs - f.precursorStartMs > labelWindowMs);
    expect(long.length).toBeGreaterThan(0);
    expect(early).toHaveLength(long.length);
    early.forEach((w, i) => {
      expect(w.instance).toBe(long[i].instance);
      expect(w.startMs).toBe(long[i].precursorStartMs);
      expect(w.endMs).toBeLessThan(long[i].failureMs - labelWindowMs);
    });
  });
});
