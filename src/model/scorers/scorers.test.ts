import fs from 'node:fs';
import path from 'node:path';
import { mulberry32 } from '../seededRandom';
import { averagePathLength, fitIsolationForest, isolationScore, parseIsolationForest } from './isolationForest';
import { fitRobustBaseline, parseRobustBaseline, robustBaselineScorer } from './robustBaseline';

const reference = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../testdata/reference/iforest/reference.json'), 'utf8')) as {
  rows: number[][];
  outlierRows: number[];
  sklearnScoreSamples: number[];
};

function ranks(values: number[]): number[] {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const r = new Array<number>(values.length);
  order.forEach(([, i], k) => (r[i] = k));
  return r;
}

function spearman(a: number[], b: number[]): number {
  const ra = ranks(a);
  const rb = ranks(b);
  const n = a.length;
  const d2 = ra.reduce((s, r, i) => s + (r - rb[i]) ** 2, 0);
  return 1 - (6 * d2) / (n * (n * n - 1));
}

describe('Isolation Forest against scikit-learn', () => {
  const forest = fitIsolationForest(reference.rows, { trees: 200, sampleSize: 256 }, mulberry32(1));
  // scikit-learn's score_samples is the negated paper score.
  const ours = reference.rows.map((row) => -isolationScore(forest, row));

  it('ranks rows like scikit-learn (Spearman >= 0.9)', () => {
    const rho = spearman(ours, reference.sklearnScoreSamples);
    expect(rho).toBeGreaterThanOrEqual(0.9);
  });

  it('puts the planted outliers where scikit-learn does: all in the 30 most anomalous', () => {
    const mostAnomalous = new Set(ranks(ours).map((r, i) => [r, i]).filter(([r]) => r < 30).map(([, i]) => i));
    const found = reference.outlierRows.filter((i) => mostAnomalous.has(i)).length;
    expect(found).toBeGreaterThanOrEqual(19);
  });

  it('agrees in level: mean |our − sklearn| score below 0.02', () => {
    const meanAbs = ours.reduce((s, v, i) => s + Math.abs(v - reference.sklearnScoreSamples[i]), 0) / ours.length;
    expect(meanAbs).toBeLessThan(0.02);
  });

  it('is deterministic for a seed and survives a JSON round trip', () => {
    const again = fitIsolationForest(reference.rows, { trees: 200, sampleSize: 256 }, mulberry32(1));
    expect(again).toEqual(forest);
    const parsed = parseIsolationForest(JSON.parse(JSON.stringify(forest)), 6);
    expect(isolationScore(parsed, reference.rows[3])).toBe(isolationScore(forest, reference.rows[3]));
  });

  it('refuses malformed params and non-finite training data', () => {
    const broken = JSON.parse(JSON.stringify(forest));
    broken.trees[0].left[0] = 0; // a cycle
    expect(() => parseIsolationForest(broken, 6)).toThrow(/node 0 is malformed/);
    expect(() => parseIsolationForest(forest, 7)).toThrow(/over 7 features/);
    expect(() => fitIsolationForest([[1, 2], [NaN, 1]], { trees: 1, sampleSize: 2 }, mulberry32(1))).toThrow(/row 1, column 0 is NaN/);
  });

  it("uses the paper's c(n)", () => {
    expect(averagePathLength(1)).toBe(0);
    expect(averagePathLength(2)).toBe(1);
    expect(averagePathLength(256)).toBeCloseTo(10.2448, 3);
  });
});

describe('robust baseline', () => {
  it('scores by median and MAD, with a floor for constant features', () => {
    const params = fitRobustBaseline([
      [0, 5],
      [1, 5],
      [2, 5],
      [3, 5],
      [100, 5],
    ]);
    expect(params.median).toEqual([2, 5]);
    expect(params.mad[0]).toBeCloseTo(1.4826, 10);
    expect(params.mad[1]).toBe(0.05);
    const scorer = robustBaselineScorer(params);
    const missing = Uint8Array.from([0, 0]);
    // (2 − 2)/1.4826 = 0 and (5.1 − 5)/0.05 = 2 → rms = sqrt(4 / 2).
    expect(scorer.score(Float32Array.from([2, 5.1]), missing)).toBeCloseTo(Math.sqrt(2), 4);
    const shares = new Float64Array(2);
    scorer.shares!(Float32Array.from([2, 5.1]), missing, shares);
    expect(shares[1]).toBeCloseTo(1, 10);
    expect(scorer.score(Float32Array.from([2, 99]), Uint8Array.from([0, 1]))).toBe(0);
  });

  it('refuses bad params', () => {
    expect(() => parseRobustBaseline({ kind: 'robust-baseline', median: [0], mad: [0] }, 1)).toThrow(/positive MADs/);
    expect(() => fitRobustBaseline([[NaN]])).toThrow(/non-finite/);
  });
});
