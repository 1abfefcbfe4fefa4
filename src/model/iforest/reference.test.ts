/**
 * Agreement with scikit-learn (fixtures: testdata/reference/iforest/, written by make_reference.py).
 *
 * 1. Exact: five of sklearn's own trees, imported through fromJSON, must give sklearn's score_samples to
 *    float64 rounding — this pins c(n), `x <= threshold`, depth counting and the normaliser.
 * 2. Distribution: a forest we train (our RNG, so different trees) against sklearn's 200-tree forest on
 *    1,000 rows × 6 features with 20 planted outliers. Bounds, from measurements (seeds 0–19 of ours;
 *    random_state 1–20 of sklearn against the random_state=0 reference, i.e. sklearn's own spread):
 *      Spearman        ours 0.967–0.986   sklearn-vs-sklearn 0.972–0.980   bound >= 0.95
 *      mean(ours−sk)   ours −0.0096…+0.0017  sklearn −0.0095…+0.0004       bound |·| <= 0.012
 *      mean|ours−sk|   ours 0.0054–0.0106    sklearn max 0.0106            bound <= 0.015
 *      outliers in the 30 most anomalous: 20/20 for both                    bound >= 18 (90 %)
 *    The signed offset of about −0.004 is the reference forest's own luck: other sklearn seeds show it too.
 *    Broken variants measured against these bounds (seed 1): thresholds at the node midpoint
 *    (Spearman 0.935, mean diff −0.12), no c(size) at leaves (0.94, −0.17), normaliser c(1000) or log2(ψ)
 *    (mean diff ∓0.086), thresholds over the global range (+0.064), depth limit 4 (−0.024),
 *    no depth limit (mean|diff| 0.0165) all fail at least one bound.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fromJSON, scoreSamplesBatch, trainIsolationForest } from '.';

const dir = path.resolve(__dirname, '../../../testdata/reference/iforest');
const reference = JSON.parse(fs.readFileSync(path.join(dir, 'reference.json'), 'utf8')) as {
  generator: string;
  rows: number[][];
  outlierRows: number[];
  sklearnScoreSamples: number[];
};
const sklearnTrees = JSON.parse(fs.readFileSync(path.join(dir, 'sklearn_trees.json'), 'utf8')) as {
  forest: unknown;
  scoreSamples: number[];
};

/** Average ranks (ties share their mean rank), ascending. */
function ranks(values: ArrayLike<number>): Float64Array {
  const order = Array.from({ length: values.length }, (_, i) => i).sort((a, b) => values[a] - values[b]);
  const r = new Float64Array(values.length);
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && values[order[j + 1]] === values[order[i]]) {
      j++;
    }
    for (let k = i; k <= j; k++) {
      r[order[k]] = (i + j) / 2;
    }
    i = j + 1;
  }
  return r;
}

/** Spearman's rho: Pearson correlation of the ranks. */
function spearman(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const ra = ranks(a);
  const rb = ranks(b);
  const n = ra.length;
  const mean = (n - 1) / 2;
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < n; i++) {
    ab += (ra[i] - mean) * (rb[i] - mean);
    aa += (ra[i] - mean) ** 2;
    bb += (rb[i] - mean) ** 2;
  }
  return ab / Math.sqrt(aa * bb);
}

describe('Isolation Forest against scikit-learn', () => {
  it("reproduces sklearn's score_samples exactly with sklearn's own trees", () => {
    const forest = fromJSON(sklearnTrees.forest, 6);
    // sklearn compares float32(x) with its float64 thresholds.
    const rows = reference.rows.map((r) => Float64Array.from(r, Math.fround));
    const ours = scoreSamplesBatch(forest, rows);
    let maxDiff = 0;
    ours.forEach((v, i) => (maxDiff = Math.max(maxDiff, Math.abs(v - sklearnTrees.scoreSamples[i]))));
    expect(maxDiff).toBeLessThanOrEqual(1e-12);
  });

  describe('a forest trained here (200 trees, ψ = 256, seed 1)', () => {
    const forest = trainIsolationForest(reference.rows, { trees: 200, sampleSize: 256, seed: 1 });
    const ours = scoreSamplesBatch(forest, reference.rows);
    const sk = reference.sklearnScoreSamples;
    const n = sk.length;

    it('ranks rows like sklearn (Spearman >= 0.95)', () => {
      const rho = spearman(ours, sk);
      expect(rho).toBeGreaterThanOrEqual(0.95);
      expect(rho).toBeCloseTo(0.9809, 3); // the figure measured for seed 1
    });

    it('puts the planted outliers among the 30 most anomalous rows (>= 18 of 20)', () => {
      const r = ranks(ours); // ascending score_samples: rank 0 is the most anomalous
      const found = reference.outlierRows.filter((i) => r[i] < 30).length;
      expect(found).toBeGreaterThanOrEqual(18);
    });

    it('agrees with sklearn in level (|mean diff| <= 0.012, mean |diff| <= 0.015)', () => {
      let diff = 0;
      let absDiff = 0;
      for (let i = 0; i < n; i++) {
        diff += ours[i] - sk[i];
        absDiff += Math.abs(ours[i] - sk[i]);
      }
      expect(Math.abs(diff / n)).toBeLessThanOrEqual(0.012);
      expect(absDiff / n).toBeLessThanOrEqual(0.015);
    });
  });
});
