import { alertEpisodes, alertFiring } from './alertEpisodes';
import {
  calibrationFeatures,
  fitLogistic,
  fitMonotoneLogistic,
  logisticObjective,
  riskFromFeatures,
} from './calibration';
import { chunkComponents, RowScorer } from './componentScores';
import { clippedLogit, logistic, normalCdf } from './normalCdf';
import { mulberry32 } from '../seededRandom';

const zeroScorer: RowScorer = { score: () => 0 };

describe('normalCdf', () => {
  it('matches reference values to 1.5e-7', () => {
    // Φ(x) reference values (Abramowitz & Stegun table 26.1).
    const table: Array<[number, number]> = [
      [0, 0.5],
      [1, 0.8413447461],
      [-1, 0.1586552539],
      [1.96, 0.9750021049],
      [3, 0.998650102],
      [-4, 0.0000316712],
    ];
    for (const [x, want] of table) {
      expect(Math.abs(normalCdf(x) - want)).toBeLessThan(1.5e-7);
    }
  });

  it('keeps logistic and logit finite at the extremes', () => {
    expect(logistic(-800)).toBe(0);
    expect(logistic(800)).toBe(1);
    expect(clippedLogit(1)).toBeCloseTo(Math.log(0.9999 / 0.0001), 10);
  });
});

describe('chunkComponents', () => {
  // F = 2; outputs per step: next(2), mean(2), logvar(2).
  const F = 2;
  const z = Float32Array.from([0, 0, 1, 0, 3, 0]);
  const missing = Uint8Array.from([0, 0, 0, 0, 0, 1]);
  const outputs = Float32Array.from([0.5, 0, 2, 0, 0, 0, 1, 0, 2.5, 0, 0, 0, 0, 0, 0, 0, 0, 0]);

  it('scores residuals from the previous step and failure from the horizon forecast', () => {
    const c = chunkComponents(z, missing, outputs, F, [{ feature: 0, limitZ: 2 }], zeroScorer, zeroScorer);
    // Step 0: no earlier forecast → residual 0; P(N(2, 1) >= 2) = 0.5.
    expect(c.raw[1]).toBe(0);
    expect(c.raw[0]).toBeCloseTo(0.5, 6);
    // Step 1: residuals (1 - 0.5, 0 - 0) → rms = sqrt(0.25 / 2); P(N(2.5, 1) >= 2) = Φ(0.5).
    expect(c.raw[4 + 1]).toBeCloseTo(Math.sqrt(0.125), 6);
    expect(c.raw[4]).toBeCloseTo(normalCdf(0.5), 6);
    expect(c.residualSq[2]).toBeCloseTo(0.25, 6);
    // Step 2: feature 0 is already past its limit → failure 1; feature 1 missing → only f0 residual (3 - 1)².
    expect(c.raw[8]).toBe(1);
    expect(c.raw[8 + 1]).toBeCloseTo(2, 6);
  });
});

describe('calibration', () => {
  it('smooths causally and restarts at the chunk start', () => {
    const raw = Float64Array.from([0.5, 1, 0, 0, 0.5, 3, 0, 0]);
    const { features: f, smoothed } = calibrationFeatures(raw, 0.5, [0, 0, 0, 0], [1, 1, 1, 1]);
    expect(smoothed[4 + 1]).toBe(2);
    expect(f[1]).toBe(1);
    expect(f[4 + 1]).toBe(2); // 0.5·3 + 0.5·1
    expect(f[0]).toBeCloseTo(0, 12); // logit(0.5)
  });

  it('fits a logistic model that separates labelled steps', () => {
    const n = 400;
    const X = new Float64Array(n * 4);
    const y = new Uint8Array(n);
    for (let r = 0; r < n; r++) {
      y[r] = r % 10 === 0 ? 1 : 0;
      X[r * 4 + 1] = y[r] ? 2 + (r % 7) * 0.1 : (r % 13) * 0.1;
    }
    const fit = fitLogistic(X, y, { l2: 0.01, iterations: 25, positiveWeight: 9 });
    const cal = { smoothingAlpha: 1, center: [0, 0, 0, 0], scale: [1, 1, 1, 1], ...fit };
    const positives = [...Array(n).keys()].filter((r) => y[r]).map((r) => riskFromFeatures(X, r, cal));
    const negatives = [...Array(n).keys()].filter((r) => !y[r]).map((r) => riskFromFeatures(X, r, cal));
    expect(Math.min(...positives)).toBeGreaterThan(0.5);
    expect(Math.max(...negatives)).toBeLessThan(0.5);
    expect(fit.weights[1]).toBeGreaterThan(0);
  });

  describe('with weights held ≥ 0', () => {
    const options = { l2: 0.1, iterations: 30, positiveWeight: 4 };
    /**
     * Parts 0-2 raise the odds of a failure; part 3 lowers them when `part3` < 0 (the unconstrained
     * fit then weighs it < 0).
     */
    function data(part3 = -1, n = 600) {
      const X = new Float64Array(n * 4);
      const y = new Uint8Array(n);
      for (let r = 0; r < n; r++) {
        y[r] = r % 5 === 0 ? 1 : 0;
        X[r * 4] = (y[r] ? 0.5 : 0) + Math.sin(r * 0.7);
        X[r * 4 + 1] = (y[r] ? 1.5 : 0) + Math.sin(r * 1.3);
        X[r * 4 + 2] = (y[r] ? 0.8 : 0) + Math.cos(r * 0.37);
        X[r * 4 + 3] = (y[r] ? part3 : 0) + Math.cos(r * 2.1) + 0.5 * X[r * 4 + 1];
      }
      return { X, y };
    }
    /** d objective / d weight_i at the fit, by central differences. */
    function gradient(X: Float64Array, y: Uint8Array, fit: { weights: number[]; bias: number }, i: number) {
      const h = 1e-5;
      const at = (d: number) =>
        logisticObjective(X, y, { bias: fit.bias, weights: fit.weights.map((w, j) => (j === i ? w + d : w)) }, options);
      return (at(h) - at(-h)) / (2 * h);
    }

    it('keeps an unconstrained fit whose weights are all ≥ 0', () => {
      const { X, y } = data(1);
      const free = fitLogistic(X, y, options);
      expect(free.weights.every((w) => w > 0)).toBe(true);
      expect(fitMonotoneLogistic(X, y, options)).toEqual(free);
    });

    it('finds the constrained optimum: negative parts at 0 with d loss / d w ≥ 0, the rest at a stationary point', () => {
      const { X, y } = data();
      const free = fitLogistic(X, y, options);
      expect(free.weights[3]).toBeLessThan(0);
      const fit = fitMonotoneLogistic(X, y, options);
      expect(fit.weights.every((w) => w >= 0)).toBe(true);
      expect(fit.weights[3]).toBe(0);
      expect(fit.weights[1]).toBeGreaterThan(0);
      fit.weights.forEach((w, i) => {
        const g = gradient(X, y, fit, i);
        if (w === 0) {
          // Raising a zero weight would not lower the objective (the KKT condition at the bound).
          expect(g).toBeGreaterThan(-1e-3);
        } else {
          expect(Math.abs(g)).toBeLessThan(1e-3);
        }
      });
      // It costs something against the free fit, and beats simply zeroing the free fit's negative weight.
      const objective = logisticObjective(X, y, fit, options);
      expect(objective).toBeGreaterThan(logisticObjective(X, y, free, options));
      const clipped = { bias: free.bias, weights: free.weights.map((w) => Math.max(w, 0)) };
      expect(objective).toBeLessThan(logisticObjective(X, y, clipped, options));
    });

    /**
     * Reference: projected coordinate descent (1-D Newton per coordinate, each weight clipped at 0,
     * the bias free), slow but plainly right for this convex problem.
     */
    function projectedCoordinateDescent(X: Float64Array, y: Uint8Array) {
      const beta = [0, 0, 0, 0, 0];
      const n = y.length;
      for (let sweep = 0; sweep < 400; sweep++) {
        for (let d = 0; d < 5; d++) {
          let g = 0;
          let h = 1e-12;
          for (let r = 0; r < n; r++) {
            let eta = beta[0];
            for (let i = 0; i < 4; i++) {
              eta += beta[i + 1] * X[r * 4 + i];
            }
            const p = 1 / (1 + Math.exp(-eta));
            const w = y[r] ? options.positiveWeight : 1;
            const x = d === 0 ? 1 : X[r * 4 + d - 1];
            g += w * (p - y[r]) * x;
            h += w * p * (1 - p) * x * x;
          }
          if (d > 0) {
            g += options.l2 * beta[d];
            h += options.l2;
          }
          beta[d] -= g / h;
          if (d > 0) {
            beta[d] = Math.max(beta[d], 0);
          }
        }
      }
      return { bias: beta[0], weights: beta.slice(1) };
    }

    it('matches a projected coordinate-descent reference on random correlated data, where zeroing the negative weights and refitting once does not', () => {
      const random = mulberry32(11);
      let naiveWorse = 0;
      for (let set = 0; set < 12; set++) {
        const n = 300;
        const X = new Float64Array(n * 4);
        const y = new Uint8Array(n);
        const signal = [0, 1, 2, 3].map(() => 2 * random() - 1);
        for (let r = 0; r < n; r++) {
          y[r] = random() < 0.25 ? 1 : 0;
          const shared = random() - 0.5;
          for (let i = 0; i < 4; i++) {
            X[r * 4 + i] = (y[r] ? signal[i] : 0) + 1.5 * shared + (random() - 0.5);
          }
        }
        const fit = fitMonotoneLogistic(X, y, options);
        const reference = projectedCoordinateDescent(X, y);
        const objective = logisticObjective(X, y, fit, options);
        expect(fit.weights.every((w) => w >= 0)).toBe(true);
        expect(objective).toBeLessThanOrEqual(logisticObjective(X, y, reference, options) + 1e-6);
        fit.weights.forEach((w, i) => expect(Math.abs(w - reference.weights[i])).toBeLessThan(1e-3));
        // The naive answer: the free fit's negative parts held at 0, the rest refitted once.
        const free = fitLogistic(X, y, options);
        const naive = fitLogistic(
          X.map((v, k) => (free.weights[k % 4] < 0 ? 0 : v)),
          y,
          options
        );
        const naiveFeasible = naive.weights.every((w) => w >= 0);
        if (!naiveFeasible || logisticObjective(X, y, naive, options) > objective + 1e-6) {
          naiveWorse++;
        }
      }
      // The data sets include cases the naive method gets wrong, so this test can tell the two apart.
      expect(naiveWorse).toBeGreaterThan(0);
    });
  });
});

describe('alert episodes', () => {
  const rule = { threshold: 0.8, minDurationSteps: 3, clearBelow: 0.6 };

  it('fires after the minimum duration and clears below the hysteresis line', () => {
    const risk = [0.9, 0.9, 0.1, 0.85, 0.9, 0.95, 0.7, 0.65, 0.5, 0.9];
    expect(Array.from(alertFiring(risk, rule))).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 0, 0]);
    expect(alertEpisodes(risk, rule)).toEqual([{ firedIndex: 5, pendingIndex: 3, endIndex: 7, peakRisk: 0.95 }]);
  });

  it('does not fire on a short burst', () => {
    expect(alertEpisodes([0.99, 0.99, 0.1, 0.99, 0.99], rule)).toEqual([]);
  });
});
