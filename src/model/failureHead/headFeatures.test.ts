import { HeadInputSpec, headFeatureCount, headFeatureNames, headFeatures, headLookbackSteps } from './headFeatures';

// An hour of range and slopes up to 160 steps: longer than the shipped spans, to see the sawtooth's low.
const spec: HeadInputSpec = { slopeSteps: [8, 20, 40, 80, 160], rangeSteps: 240 };
const HEAD_RANGE_STEPS = spec.rangeSteps;
const HEAD_LOOKBACK_STEPS = headLookbackSteps(spec);

const F = 2;
const n = 400;
// Feature 0 climbs 0.01 a step; feature 1 is a sawtooth of period 100 (up 0.02 a step, then reset).
const z = Float64Array.from({ length: n * F }, (_, i) => {
  const t = Math.floor(i / F);
  return i % F === 0 ? 0.01 * t : 0.02 * (t % 100);
});
const parts = Float64Array.from({ length: n * 4 }, (_, i) => i);
const K = headFeatureCount(F, spec);
const at = (x: Float64Array, t: number, name: string) =>
  x[t * K + headFeatureNames(['a', 'b'], ['p0', 'p1', 'p2', 'p3'], spec).indexOf(name)];

describe('headFeatures', () => {
  const x = headFeatures(z, F, undefined, parts, spec);

  it('lays out parts, slopes, values and the rolling range under the names it gives', () => {
    expect(K).toBe(4 + 2 * 8);
    expect(headFeatureNames(['a', 'b'], ['p0', 'p1', 'p2', 'p3'], spec)).toHaveLength(K);
    expect(at(x, 300, 'p2')).toBe(parts[300 * 4 + 2]);
    expect(at(x, 300, 'a')).toBeCloseTo(3.0, 12);
    expect(at(x, 300, 'a slope 160 steps')).toBeCloseTo(0.01, 12);
  });

  it('tells a steady climb from a sawtooth by the rolling low and high', () => {
    // The climb sits far above its hour's low and at its high; the sawtooth, at the same slope over
    // its last 40 steps, sits at its high but only 40 steps of climb above a low it keeps returning to.
    expect(at(x, 350, 'a above 240-step low')).toBeCloseTo(0.01 * (HEAD_RANGE_STEPS - 1), 12);
    expect(at(x, 350, 'a below 240-step high')).toBe(0);
    expect(at(x, 350, 'b slope 40 steps')).toBeCloseTo(0.02, 12);
    expect(at(x, 350, 'b above 240-step low')).toBeCloseTo(0.02 * 50, 12);
    expect(at(x, 350, 'b slope 160 steps')).toBeCloseTo((0.02 * 50 - 0.02 * 90) / 160, 12);
  });

  it('leaves an input missing rather than guessing it', () => {
    expect(at(x, 10, 'a slope 20 steps')).toBeNaN();
    expect(at(x, 10, 'a slope 8 steps')).toBeCloseTo(0.01, 12);
    const missing = new Uint8Array(n * F);
    missing[300 * F] = 1; // feature a at step 300
    const y = headFeatures(z, F, missing, parts, spec);
    expect(at(y, 300, 'a')).toBeNaN();
    expect(at(y, 308, 'a slope 8 steps')).toBeNaN();
    expect(at(y, 309, 'a slope 8 steps')).toBeCloseTo(0.01, 12);
    expect(at(y, 301, 'a above 240-step low')).toBeCloseTo(0.01 * (HEAD_RANGE_STEPS - 1), 12);
  });

  it('reads no further back than its lookback', () => {
    const t = 380;
    const cut = t - HEAD_LOOKBACK_STEPS;
    const tail = headFeatures(z.subarray(cut * F), F, undefined, parts.subarray(cut * 4), spec);
    for (let k = 0; k < K; k++) {
      expect(tail[(t - cut) * K + k]).toBeCloseTo(x[t * K + k], 12);
    }
    // One step less history does change something (the 240-step low of the climb).
    const short = headFeatures(z.subarray((cut + 1) * F), F, undefined, parts.subarray((cut + 1) * 4), spec);
    expect(short[(t - cut - 1) * K + 4 + 6 * F]).not.toBeCloseTo(x[t * K + 4 + 6 * F], 6);
  });

  it.each([2, 7, 61, 150, 500])(
    'gives each step the low and high of the last %i steps, skipping missing values, as a plain scan does',
    (span) => {
      // Noise with missing runs (some longer than short spans), n not a multiple of the span.
      const rows = 333;
      let seed = 7;
      const noise = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1;
      const v = Float64Array.from({ length: rows * F }, noise);
      const mask = Uint8Array.from({ length: rows * F }, (_, i) =>
        Math.floor(i / F) % 50 < 9 || noise() > 0.7 ? 1 : 0
      );
      const w: HeadInputSpec = { slopeSteps: [3], rangeSteps: span };
      const Kw = headFeatureCount(F, w);
      const got = headFeatures(v, F, mask, new Float64Array(rows * 4), w, 0, new Float64Array(rows * Kw + 5));
      for (let t = 0; t < rows; t++) {
        for (let j = 0; j < F; j++) {
          const seen: number[] = [];
          for (let u = Math.max(0, t - span + 1); u <= t; u++) {
            if (!mask[u * F + j]) {
              seen.push(v[u * F + j]);
            }
          }
          const value = mask[t * F + j] ? NaN : v[t * F + j];
          const above = got[t * Kw + 4 + 2 * F + j];
          const below = got[t * Kw + 4 + 3 * F + j];
          expect(above).toBe(seen.length ? value - Math.min(...seen) : NaN);
          expect(below).toBe(seen.length ? Math.max(...seen) - value : NaN);
        }
      }
    }
  );

  it('refuses inputs of mismatched sizes', () => {
    expect(() => headFeatures(z, F, undefined, parts.subarray(4), spec)).toThrow(/n × 4 parts/);
    expect(() => headFeatures(z, F, new Uint8Array(3), parts, spec)).toThrow(/mask/);
  });
});
