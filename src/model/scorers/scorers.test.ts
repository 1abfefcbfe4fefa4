import { fitRobustBaseline, parseRobustBaseline, robustBaselineScorer } from './robustBaseline';

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
