import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import {
  exportForecasterGolden,
  exportRiskGolden,
  exportRiskHeadGolden,
  exportRiskMedianGolden,
} from '../../cli/exportGolden';
import { exportRiskSeasonalGolden } from './riskSeasonalGolden';

const committed = path.resolve(__dirname, '../../../testdata/golden/forecaster');
const committedRisk = path.resolve(__dirname, '../../../testdata/golden/risk');
const committedSeasonal = path.resolve(__dirname, '../../../testdata/golden/risk-seasonal');
const committedHead = path.resolve(__dirname, '../../../testdata/golden/risk-head');
const committedMedian = path.resolve(__dirname, '../../../testdata/golden/risk-median');

/** The Go runtime's parity tests read the committed vectors; they must be what this runtime writes today. */
describe('committed golden vectors', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('are what export-golden writes now (regenerate with `npm run sentinel -- export-golden`)', async () => {
    const fresh = fs.mkdtempSync(path.join(os.tmpdir(), 'golden-'));
    await exportForecasterGolden(fresh);
    for (const file of ['model.json', 'weights.bin', 'sentinel.json', 'content-hash.txt']) {
      expect(fs.readFileSync(path.join(fresh, file)).equals(fs.readFileSync(path.join(committed, file)))).toBe(true);
    }
    const a = JSON.parse(fs.readFileSync(path.join(fresh, 'vectors.json'), 'utf8'));
    const b = JSON.parse(fs.readFileSync(path.join(committed, 'vectors.json'), 'utf8'));
    expect(a.inputs).toEqual(b.inputs);
    const maxDiff = (x: number[], y: number[]) => x.reduce((m, v, i) => Math.max(m, Math.abs(v - y[i])), 0);
    expect(a.hidden).toHaveLength(b.hidden.length);
    expect(maxDiff(a.hidden, b.hidden)).toBeLessThan(1e-7);
    expect(maxDiff(a.outputs, b.outputs)).toBeLessThan(1e-7);
  }, 60_000);

  /**
   * A risk golden's artifact files byte for byte, its inputs exactly, its risk and components to
   * 1e-9, its contributions (features in order, shares to 1e-9) and its alert episodes exactly.
   */
  async function expectRiskGoldenCurrent(write: (dir: string) => Promise<void>, committedDir: string) {
    const fresh = fs.mkdtempSync(path.join(os.tmpdir(), `golden-${path.basename(committedDir)}-`));
    await write(fresh);
    for (const file of ['model.json', 'weights.bin', 'sentinel.json', 'content-hash.txt']) {
      expect(fs.readFileSync(path.join(fresh, file)).equals(fs.readFileSync(path.join(committedDir, file)))).toBe(true);
    }
    const a = JSON.parse(fs.readFileSync(path.join(fresh, 'vectors.json'), 'utf8'));
    const b = JSON.parse(fs.readFileSync(path.join(committedDir, 'vectors.json'), 'utf8'));
    expect(a.hosts).toEqual(b.hosts);
    expect(a.timestampsMs).toEqual(b.timestampsMs);
    type Expected = {
      risk: number[];
      components: number[];
      contributions: Array<Array<{ feature: string; share: number }>>;
      episodes: unknown[];
    };
    const maxDiff = (x: number[], y: number[]) => x.reduce((m, v, i) => Math.max(m, Math.abs(v - y[i])), 0);
    a.expected.forEach((host: Expected, h: number) => {
      const committedHost: Expected = b.expected[h];
      expect(maxDiff(host.risk, committedHost.risk)).toBeLessThan(1e-9);
      expect(host.components).toHaveLength(committedHost.components.length);
      expect(maxDiff(host.components, committedHost.components)).toBeLessThan(1e-9);
      expect(host.contributions.map((step) => step.map((c) => c.feature))).toEqual(
        committedHost.contributions.map((step) => step.map((c) => c.feature))
      );
      expect(
        maxDiff(
          host.contributions.flatMap((step) => step.map((c) => c.share)),
          committedHost.contributions.flatMap((step) => step.map((c) => c.share))
        )
      ).toBeLessThan(1e-9);
      expect(host.episodes).toEqual(committedHost.episodes);
    });
  }

  it('for the whole risk computation are what export-golden writes now', async () => {
    await expectRiskGoldenCurrent(exportRiskGolden, committedRisk);
  }, 60_000);

  it('with a seasonal baseline are what exportRiskSeasonalGolden writes now', async () => {
    await expectRiskGoldenCurrent(exportRiskSeasonalGolden, committedSeasonal);
    const meta = JSON.parse(fs.readFileSync(path.join(committedSeasonal, 'sentinel.json'), 'utf8'));
    expect(meta.baseline.kind).toBe('seasonal');
  }, 60_000);

  it('with a median calibration are what exportRiskMedianGolden writes now', async () => {
    await expectRiskGoldenCurrent(exportRiskMedianGolden, committedMedian);
    const meta = JSON.parse(fs.readFileSync(path.join(committedMedian, 'sentinel.json'), 'utf8'));
    expect(meta.calibration.combine).toBe('median');
  }, 60_000);

  it('with a failure head are what exportRiskHeadGolden writes now', async () => {
    await expectRiskGoldenCurrent(exportRiskHeadGolden, committedHead);
    const meta = JSON.parse(fs.readFileSync(path.join(committedHead, 'sentinel.json'), 'utf8'));
    expect(meta.failureHead.trees.trees).toHaveLength(30);
  }, 60_000);
});
