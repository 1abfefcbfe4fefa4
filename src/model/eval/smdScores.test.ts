import {
  bestF1OverThresholds,
  eventF1,
  f1Score,
  flagsAtThreshold,
  pointAdjust,
  pointAdjustedScores,
  pointwiseScores,
} from './smdScores';

// Two labelled segments: [1, 2] and [5, 7].
const labels = [0, 1, 1, 0, 0, 1, 1, 1, 0, 0];
const predicted = [1, 0, 1, 0, 0, 0, 0, 0, 0, 1];
const scores = [0.9, 0.1, 0.8, 0.2, 0.3, 0.5, 0.4, 0.35, 0.0, 0.7];

describe('point-wise scores', () => {
  it('counts per step', () => {
    // tp: 2; fp: 0, 9; fn: 1, 5, 6, 7; tn: 3, 4, 8.
    const s = pointwiseScores(predicted, labels);
    expect(s).toMatchObject({ tp: 1, fp: 2, fn: 4, tn: 3 });
    expect(s.precision).toBeCloseTo(1 / 3, 12);
    expect(s.recall).toBeCloseTo(0.2, 12);
    expect(s.f1).toBeCloseTo(0.25, 12);
  });

  it('flags score >= threshold', () => {
    expect(Array.from(flagsAtThreshold([0.2, 0.5, 0.7, Number.NaN], 0.5))).toEqual([0, 1, 1, 0]);
  });

  it('reports undefined ratios as null', () => {
    expect(pointwiseScores([0, 0, 0], [0, 1, 0])).toMatchObject({ precision: null, recall: 0, f1: null });
    expect(pointwiseScores([1, 0, 0], [0, 0, 0])).toMatchObject({ precision: 0, recall: null, f1: null });
    expect(pointwiseScores([], [])).toMatchObject({
      tp: 0,
      fp: 0,
      fn: 0,
      tn: 0,
      precision: null,
      recall: null,
      f1: null,
    });
    expect(() => pointwiseScores([1], [1, 0])).toThrow(/1 steps but labels have 2/);
  });
});

describe('point-adjust', () => {
  it('marks a whole segment detected when any step of it is flagged', () => {
    expect(Array.from(pointAdjust(predicted, labels))).toEqual([1, 1, 1, 0, 0, 0, 0, 0, 0, 1]);
    const s = pointAdjustedScores(predicted, labels);
    expect(s).toMatchObject({ tp: 2, fp: 2, fn: 3, tn: 3 });
    expect(s.f1).toBeCloseTo(4 / 9, 12);
  });

  it('leaves predictions alone when labels are all zero', () => {
    expect(Array.from(pointAdjust([1, 0, 1], [0, 0, 0]))).toEqual([1, 0, 1]);
  });
});

describe('F1', () => {
  it('is the harmonic mean, 0 when both are 0, null when either is undefined', () => {
    expect(f1Score(0.5, 0.5)).toBe(0.5);
    expect(f1Score(0, 0)).toBe(0);
    expect(f1Score(null, 1)).toBeNull();
    expect(eventF1(1, 0.5)).toBeCloseTo(2 / 3, 12);
  });
});

describe('bestF1OverThresholds', () => {
  it('finds the best point-wise threshold (hand-swept)', () => {
    // Thresholds 0.8 → .286, 0.7 → .25, 0.5 → .444, 0.4 → .6, 0.35 → .727, 0.3 → .667, 0.2 → .615, 0.1 → .714.
    const best = bestF1OverThresholds(scores, labels, { pointAdjust: false });
    expect(best).toMatchObject({ threshold: 0.35, tp: 4, fp: 2, fn: 1 });
    expect(best?.f1).toBeCloseTo(8 / 11, 12);
  });

  it('finds the best point-adjusted threshold (hand-swept)', () => {
    // Segment maxima 0.8 (2 steps) and 0.5 (3 steps): 0.8 → .5, 0.7 → .444, 0.5 → .833, 0.3 → .769.
    const best = bestF1OverThresholds(scores, labels, { pointAdjust: true });
    expect(best).toMatchObject({ threshold: 0.5, tp: 5, fp: 2, fn: 0 });
    expect(best?.f1).toBeCloseTo(5 / 6, 12);
    expect(pointAdjustedScores(flagsAtThreshold(scores, 0.5), labels).f1).toBeCloseTo(5 / 6, 12);
  });

  it('moves tied scores together', () => {
    // At 0.5 both steps are flagged at once: P = .5, R = 1 → F1 = 2/3 (never P = R = 1 for one of them).
    const best = bestF1OverThresholds([0.5, 0.5, 0.1], [1, 0, 0], { pointAdjust: false });
    expect(best).toMatchObject({ threshold: 0.5, tp: 1, fp: 1 });
    expect(best?.f1).toBeCloseTo(2 / 3, 12);
  });

  it('returns null with no positive label, no data, or no scorable positive', () => {
    expect(bestF1OverThresholds([0.1, 0.9], [0, 0], { pointAdjust: false })).toBeNull();
    expect(bestF1OverThresholds([], [], { pointAdjust: true })).toBeNull();
    expect(bestF1OverThresholds([Number.NaN, 0.4], [1, 0], { pointAdjust: true })).toBeNull();
  });

  it('agrees with a brute-force sweep on random data', () => {
    let seed = 7;
    const rand = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
    for (let trial = 0; trial < 20; trial++) {
      const n = 60;
      const s = Array.from({ length: n }, () => Math.round(rand() * 20) / 20);
      const l = Array.from({ length: n }, (_, i) => (Math.sin(i / 3 + trial) > 0.6 ? 1 : 0));
      for (const pa of [false, true]) {
        let bruteBest = 0;
        for (const t of new Set(s)) {
          const flags = flagsAtThreshold(s, t);
          const f1 = (pa ? pointAdjustedScores(flags, l) : pointwiseScores(flags, l)).f1 ?? 0;
          bruteBest = Math.max(bruteBest, f1);
        }
        expect(bestF1OverThresholds(s, l, { pointAdjust: pa })?.f1 ?? 0).toBeCloseTo(bruteBest, 12);
      }
    }
  });
});
