import { sentinelJsonSchema } from '../artifact/sentinelJson';
import { calibratedLogit, Calibration, partPulls } from './calibration';
import fs from 'node:fs';
import path from 'node:path';

const base: Calibration = {
  smoothingAlpha: 0.5,
  center: [0, 0, 0, 0],
  scale: [1, 1, 1, 1],
  weights: [0, 0, 0, 0],
  bias: -1,
};
const row = [5, -1, 2, 0.5];
const logit = (c: Partial<Calibration>) => calibratedLogit(row, 0, { ...base, ...c });

describe('calibration combinations', () => {
  it('sums the weighted parts by default and skips parts weighed 0', () => {
    expect(logit({ weights: [0.5, 0.5, 0, 0.5] })).toBeCloseTo(-1 + 0.5 * (5 - 1 + 0.5), 15);
    expect(logit({ weights: [0.5, 0.5, 0, 0.5], combine: 'weightedSum' })).toBeCloseTo(-1 + 0.5 * 4.5, 15);
    // A non-finite part weighed 0 stays out of the sum.
    expect(calibratedLogit([5, -1, Infinity, 0.5], 0, { ...base, weights: [0.5, 0.5, 0, 0.5] })).toBeCloseTo(1.25, 15);
  });

  it('votes by the median of the parts with a positive weight (Go: TestCalibratedLogitMedian)', () => {
    expect(logit({ weights: [0.25, 0.25, 0.25, 0.25], combine: 'median' })).toBeCloseTo(-1 + 1.25, 15);
    expect(logit({ weights: [0.5, 0.5, 0, 0.5], combine: 'median' })).toBeCloseTo(-1 + 1.5 * 0.5, 15);
    expect(logit({ weights: [0, 0, 2, 0], combine: 'median' })).toBeCloseTo(-1 + 4, 15);
  });

  it('credits each voting part at most the level the vote agreed on (Go: TestPartPulls)', () => {
    const weights = [0.5, 0.5, 0, 0.5];
    expect(partPulls(row, 0, { ...base, weights, combine: 'median' })).toEqual([0.25, -0.5, 0, 0.25]);
    expect(partPulls(row, 0, { ...base, weights })).toEqual([2.5, -0.5, 0, 0.25]);
  });

  it('is checked by the artifact schema: a known combination, and a median with a positive weight and none negative', () => {
    const golden = JSON.parse(
      fs.readFileSync(path.resolve(__dirname, '../../../testdata/golden/risk-median/sentinel.json'), 'utf8')
    );
    expect(sentinelJsonSchema.safeParse(golden).success).toBe(true);
    const withCalibration = (calibration: object) =>
      sentinelJsonSchema.safeParse({ ...golden, calibration: { ...golden.calibration, ...calibration } });
    const unknown = withCalibration({ combine: 'max' });
    expect(unknown.success).toBe(false);
    expect(JSON.stringify(unknown.error?.issues)).toMatch(/combine/);
    const negative = withCalibration({ weights: [1, -0.5, 1, 1] });
    expect(negative.success).toBe(false);
    expect(JSON.stringify(negative.error?.issues)).toMatch(/median calibration needs weights >= 0/);
    expect(withCalibration({ weights: [0, 0, 0, 0] }).success).toBe(false);
    expect(withCalibration({ weights: [1, -0.5, 1, 1], combine: 'weightedSum' }).success).toBe(true);
  });
});
