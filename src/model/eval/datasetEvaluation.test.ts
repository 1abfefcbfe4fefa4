import fs from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { rowScorerKit } from '../scorers/kit';
import { DEFAULT_NAB_DIR, readNabDataFile, readNabWindows } from './nabCorpus';
import { rollingRobustZ } from '../training/rollingRobust';
import {
  alertOnsets,
  evaluateNabFile,
  medianStepSeconds,
  NAB_DETECTORS,
  NAB_EVALUATION_DEFAULTS,
  nabEventMetrics,
  nabFeatureHost,
  nabModelHost,
  nabSeriesOf,
} from './nabEvaluation';
import { nabScore, NAB_PROFILES } from './nabScorer';
import {
  ASD_FORMAT,
  DEFAULT_ASD_DATASET_DIR,
  DEFAULT_SMD_DATASET_DIR,
  hostPrefix,
  listSmdMachines,
  readSmdMachine,
  smdFeatureName,
  smdHost,
} from './smdDataset';
import {
  ASD_EVALUATION_DEFAULTS,
  evaluateSmdMachine,
  maxAbsZScorer,
  SMD_DETECTORS,
  SMD_EVALUATION_DEFAULTS,
} from './smdEvaluation';

const withSmd = fs.existsSync(DEFAULT_SMD_DATASET_DIR) || !process.env.GITHUB_ACTIONS ? it : it.skip;
const withAsd = fs.existsSync(DEFAULT_ASD_DATASET_DIR) || !process.env.GITHUB_ACTIONS ? it : it.skip;
const withNab = fs.existsSync(DEFAULT_NAB_DIR) || !process.env.GITHUB_ACTIONS ? it : it.skip;

const tiny = { units: 4, epochs: 1, chunkSteps: 60, warmupSteps: 20, strideSteps: 60, rowSample: 500 };

describe('dataset evaluation helpers', () => {
  it('turns alert runs into NAB detections at their first step', () => {
    expect(Array.from(alertOnsets([0, 1, 1, 0, 1, 0, 1]))).toEqual([0, 1, 0, 0, 1, 0, 1]);
  });
  it('reads the median spacing and builds value + difference features on a row grid', () => {
    expect(medianStepSeconds([0, 300_000, 600_000, 1_200_000, 1_500_000])).toBe(300);
    const host = nabFeatureHost(
      { name: 'f.csv', timestamps: Float64Array.from([0, 5, 9]), values: Float64Array.from([1, 4, 2]), windows: [] },
      60_000
    );
    expect(Array.from(host.values)).toEqual([1, 0, 4, 3, 2, -2]);
    expect(Array.from(host.timestampsMs)).toEqual([0, 60_000, 120_000]);
  });
  it('builds raw or causal rolling robust-z model inputs', () => {
    const values = Float64Array.from({ length: 40 }, (_, i) => (i < 30 ? i % 3 : 50));
    const file = { name: 'f.csv', timestamps: Float64Array.from(values, (_, i) => i * 60_000), values, windows: [] };
    expect(nabModelHost(file, 60_000, { kind: 'raw' })).toEqual(nabFeatureHost(file, 60_000));
    const options = { kind: 'rolling' as const, window: 10, minSamples: 4, clip: 10 };
    const rolling = nabModelHost(file, 60_000, options);
    expect(rolling.features).toEqual(['value_rolling_z', 'value_diff_rolling_z']);
    const diff = Float64Array.from(values, (v, i) => (i === 0 ? 0 : v - values[i - 1]));
    const zValue = rollingRobustZ(values, options);
    const zDiff = rollingRobustZ(diff, options);
    expect(Array.from({ length: 40 }, (_, i) => rolling.values[i * 2])).toEqual(Array.from(zValue));
    expect(Array.from({ length: 40 }, (_, i) => rolling.values[i * 2 + 1])).toEqual(Array.from(zDiff));
    expect(rolling.values[30 * 2]).toBe(10); // the level shift fires, clipped
  });

  it('scores the simple baseline as the largest |z| over columns', () => {
    const fit = {
      instance: 'm',
      features: ['a', 'b'],
      timestampsMs: Float64Array.from([0, 1]),
      values: Float64Array.from([0, 10, 2, 10]),
      missing: new Uint8Array(4),
    };
    const score = maxAbsZScorer(fit);
    // a: mean 1, std 1; b: constant, std floored at 1e-3.
    const probe = { ...fit, timestampsMs: Float64Array.from([0]), values: Float64Array.from([4, 10]) };
    expect(score(probe, 0)).toBe(3);
    expect(smdFeatureName('Eth1-FI')).toBe('eth1_fi');
    expect(smdFeatureName('1x')).toBe('c_1x');
  });
});

describe('evaluation on a tiny slice of the real datasets', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  withSmd(
    'SMD: trains on train/ only, scores every test row, one row per detector',
    async () => {
      expect(listSmdMachines()).toContain('machine-1-3');
      const m = readSmdMachine('machine-1-3', DEFAULT_SMD_DATASET_DIR, 900);
      expect(m.columns).toHaveLength(38);
      expect(m.labels.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
      const host = smdHost(m);
      expect(host.timestampsMs[m.trainRows]).toBe(m.trainRows * 60_000);
      expect(hostPrefix(host, 10).values).toHaveLength(380);
      const result = await evaluateSmdMachine(
        m,
        { ...SMD_EVALUATION_DEFAULTS, model: { ...SMD_EVALUATION_DEFAULTS.model, ...tiny } },
        rowScorerKit
      );
      expect(result.table.rows.map((r) => r.detector)).toEqual([...SMD_DETECTORS]);
      const [ensemble, , , , nullRow] = result.table.rows;
      expect(nullRow.eventRecall).toBe(0);
      expect(nullRow.pointF1).toBeNull();
      for (const row of result.table.rows) {
        for (const v of [row.pointF1, row.pointAdjustedF1, row.eventF1, row.bestPointAdjustedF1]) {
          expect(v === null || (v >= 0 && v <= 1)).toBe(true);
        }
        expect(row.rows).toBe(900);
      }
      // Point-adjust never lowers recall, so with the same flags F1 PA >= F1 wherever both exist.
      expect(ensemble.pointAdjustedF1!).toBeGreaterThanOrEqual(ensemble.pointF1 ?? 0);
      expect(result.rule.threshold).toBeGreaterThan(0);
      expect(result.rule.threshold).toBeLessThan(1);
    },
    120_000
  );

  withAsd(
    'ASD: the same layout on a 5-minute grid, H = 3 rows; SMD settings on ASD rows are refused',
    async () => {
      expect(listSmdMachines(DEFAULT_ASD_DATASET_DIR)).toEqual(['omi-1', 'omi-2', 'omi-3', 'omi-4', 'omi-5', 'omi-6']);
      const m = readSmdMachine('omi-1', DEFAULT_ASD_DATASET_DIR, 600, ASD_FORMAT);
      expect(m.columns).toHaveLength(19);
      const host = smdHost(m);
      expect(host.timestampsMs[1]).toBe(300_000);
      expect(host.timestampsMs[m.trainRows]).toBe(m.trainRows * 300_000);
      expect(ASD_EVALUATION_DEFAULTS.model.horizonSteps).toBe(3);
      const small = { ...tiny, chunkSteps: 60, warmupSteps: 20 };
      await expect(
        evaluateSmdMachine(
          m,
          { ...SMD_EVALUATION_DEFAULTS, model: { ...SMD_EVALUATION_DEFAULTS.model, ...small } },
          rowScorerKit
        )
      ).rejects.toThrow('ASD omi-1: rows are 300 s apart, the options expect 60 s');
      const asdSmall = { ...ASD_EVALUATION_DEFAULTS.model, ...small };
      await expect(
        evaluateSmdMachine(m, { ...ASD_EVALUATION_DEFAULTS, model: { ...asdSmall, horizonSteps: 15 } }, rowScorerKit)
      ).rejects.toThrow('ASD omi-1: a horizon of 15 rows is 75 min; the events are scored with H = 15 min');
      const result = await evaluateSmdMachine(
        m,
        { ...ASD_EVALUATION_DEFAULTS, model: { ...ASD_EVALUATION_DEFAULTS.model, ...small } },
        rowScorerKit
      );
      expect(result.table.dataset).toBe('ASD omi-1 (600 train rows, 600 test rows)');
      expect(result.table.rows.map((r) => r.detector)).toEqual([...SMD_DETECTORS]);
      expect(result.table.rows.every((r) => r.rows === 600)).toBe(true);
    },
    120_000
  );

  withNab(
    'NAB: trains on the probationary rows, one detection per alert, scored by the NAB scorer',
    async () => {
      const name = 'artificialWithAnomaly/art_daily_jumpsup.csv';
      const file = { ...readNabDataFile(name), windows: readNabWindows().get(name)! };
      const result = await evaluateNabFile(
        file,
        {
          ...NAB_EVALUATION_DEFAULTS,
          model: { ...NAB_EVALUATION_DEFAULTS.model, ...tiny, chunkSteps: 48, warmupSteps: 24 },
        },
        rowScorerKit
      );
      expect(result.probationaryRows).toBe(604);
      expect(result.stepSeconds).toBe(300);
      expect(result.outputs).toHaveLength(NAB_DETECTORS.length);
      for (const output of result.outputs) {
        expect(output.anomalyScores).toHaveLength(file.values.length);
        expect(output.anomalyScores.every((v) => v === 0 || v === 1)).toBe(true);
      }
      const nullScore = nabScore([nabSeriesOf(file, result.outputs[4])], 0.5, NAB_PROFILES.standard);
      expect(nullScore.normalised).toBe(0);
      const ensemble = nabScore([nabSeriesOf(file, result.outputs[0])], 0.5, NAB_PROFILES.standard);
      expect(Number.isFinite(ensemble.normalised)).toBe(true);
      expect(nabEventMetrics(file, result.probationaryRows, result.outputs[4].firing).events).toBe(1);
    },
    120_000
  );
});
