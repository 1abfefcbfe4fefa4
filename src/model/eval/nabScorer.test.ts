import fs from 'node:fs';
import path from 'node:path';
import {
  readNabDetectorCorpus,
  readNabFinalResults,
  readNabProfiles,
  readNabPublishedFileScores,
  readNabThresholds,
  readNabWindows,
} from './nabCorpus';
import {
  nabProbationaryRows,
  nabRowScores,
  nabScaledSigmoid,
  nabScore,
  NabSeries,
  NAB_OUTSIDE,
  NAB_PROBATIONARY,
  NAB_PROFILE_NAMES,
  NAB_PROFILES,
  normaliseNabScore,
  scoreNabCorpus,
  scoreNabSeries,
} from './nabScorer';

const nabDir = path.resolve(__dirname, '../../../../shared/datasets/nab');
const itWithDatasets = fs.existsSync(nabDir) || !process.env.GITHUB_ACTIONS ? it : it.skip;

const standard = NAB_PROFILES.standard;
// σ(-1) = 2 / (1 + e^-5) - 1: a window's first row scores tpWeight after dividing by it.
const MAX_TP = 0.9866142981514305;

/** 20 rows at t = 0..19, one window [5, 9] (width 5); probation = floor(0.15 · 20) = 3 rows. */
function series(detectedRows: number[], rows = 20, windows: Array<[number, number]> = [[5, 9]]): NabSeries {
  const anomalyScores = new Float64Array(rows);
  for (const r of detectedRows) {
    anomalyScores[r] = 1;
  }
  return { name: 'toy.csv', timestamps: Float64Array.from({ length: rows }, (_, i) => i), anomalyScores, windows };
}

describe('nabScaledSigmoid', () => {
  it('is ~1 at a window start, 0 at its end, -1 from 3 on', () => {
    expect(nabScaledSigmoid(-1)).toBeCloseTo(MAX_TP, 15);
    expect(nabScaledSigmoid(0)).toBe(0);
    expect(nabScaledSigmoid(-0.5)).toBeCloseTo(0.8482836399575129, 12);
    expect(nabScaledSigmoid(3)).toBe(-1);
    expect(nabScaledSigmoid(Number.POSITIVE_INFINITY)).toBe(-1);
  });
});

describe('nabProbationaryRows', () => {
  it('is 15 % of the rows, at most 750', () => {
    expect(nabProbationaryRows(20)).toBe(3);
    expect(nabProbationaryRows(4032)).toBe(604);
    expect(nabProbationaryRows(22695)).toBe(750);
    expect(nabProbationaryRows(0)).toBe(0);
  });
});

describe('nabRowScores', () => {
  const rows = nabRowScores(series([]), standard);

  it('marks probationary rows, outside rows and window rows', () => {
    expect(Array.from(rows.window.slice(0, 11))).toEqual([
      NAB_PROBATIONARY,
      NAB_PROBATIONARY,
      NAB_PROBATIONARY,
      NAB_OUTSIDE,
      NAB_OUTSIDE,
      0,
      0,
      0,
      0,
      0,
      NAB_OUTSIDE,
    ]);
  });

  it('weights rows by their position relative to the window', () => {
    expect(rows.weighted[5]).toBeCloseTo(1, 15); // first row of the window: tpWeight
    expect(rows.weighted[7]).toBeCloseTo(0.9174286804284079, 12); // σ(-3/5) / σ(-1)
    expect(rows.weighted[9]).toBeCloseTo(0.46838684390227814, 12); // σ(-1/5) / σ(-1)
    expect(rows.weighted[4]).toBeCloseTo(-0.11, 15); // before any window: -fpWeight
    expect(rows.weighted[10]).toBeCloseTo(-0.06100596945843206, 12); // 0.11 · σ(1/4)
    expect(rows.weighted[12]).toBeCloseTo(-0.10494497861979436, 12); // 0.11 · σ(3/4)
  });

  it('rejects a window limit that is not a row timestamp', () => {
    expect(() => nabRowScores(series([], 20, [[5, 9.5]]), standard)).toThrow(/window end .* matches no row/);
  });
});

describe('scoreNabSeries', () => {
  it('counts only the first detection in a window and every detection outside (hand-computed)', () => {
    // Row 1 is probationary; row 4 is before the window (-0.11); rows 7 and 8 are in it (row 7 counts);
    // row 12 is 3 rows after the window's end (0.11 · σ(3/4)).
    const s = scoreNabSeries(series([1, 4, 7, 8, 12]), 0.5, standard);
    expect(s.score).toBeCloseTo(0.7024837018086135, 12);
    expect(s).toMatchObject({ tp: 2, fn: 3, fp: 2, tn: 10, total: 17 });
  });

  it('scores a missed window -fnWeight and a detection at its first row tpWeight', () => {
    expect(scoreNabSeries(series([]), 0.5, standard).score).toBe(-1);
    expect(scoreNabSeries(series([]), 0.5, NAB_PROFILES.reward_low_FN_rate).score).toBe(-2);
    expect(scoreNabSeries(series([5]), 0.5, standard).score).toBeCloseTo(1, 15);
  });

  it('detects at score >= threshold', () => {
    const s = series([]);
    const anomalyScores = Float64Array.from(s.anomalyScores);
    anomalyScores[5] = 0.5;
    expect(scoreNabSeries({ ...s, anomalyScores }, 0.5, standard).score).toBeCloseTo(1, 15);
    expect(scoreNabSeries({ ...s, anomalyScores }, 0.5000001, standard).score).toBe(-1);
  });

  it('does not score a window that lies in the probationary period', () => {
    const s = scoreNabSeries(series([1], 20, [[0, 2]]), 0.5, standard);
    expect(s).toMatchObject({ score: 0, tp: 0, fn: 0, total: 17 });
  });

  it('scores nothing for a file without rows', () => {
    expect(scoreNabSeries(series([], 0, []), 0.5, standard)).toMatchObject({ score: 0, total: 0 });
  });
});

describe('nabScore', () => {
  it('sums files and normalises between the null and the perfect detector', () => {
    // File B: 10 rows, no window, probation 1 row, one detection at row 5: -0.11.
    const corpus = [series([1, 4, 7, 8, 12]), series([5], 10, [])];
    const r = nabScore(corpus, 0.5, standard);
    expect(r.raw).toBeCloseTo(0.7024837018086135 - 0.11, 12);
    expect(r.nullRaw).toBe(-1);
    expect(r.perfect).toBe(1);
    expect(r.normalised).toBeCloseTo(79.62418509043068, 10);
    expect(r.counts).toEqual({ tp: 2, fn: 3, fp: 3, tn: 18, total: 26 });
    expect(scoreNabCorpus(corpus, 0.5, standard).files.map((f) => f.name)).toEqual(['toy.csv', 'toy.csv']);
  });

  it('gives 0 to the null detector and 100 to the perfect one', () => {
    expect(nabScore([series([])], 0.5, standard).normalised).toBe(0);
    expect(nabScore([series([5])], 0.5, standard).normalised).toBeCloseTo(100, 12);
    expect(normaliseNabScore(46.634450197137596, -116, 116)).toBeCloseTo(70.10105611943965, 10);
    expect(() => normaliseNabScore(0, 0, 0)).toThrow(/undefined/);
  });
});

describe('NAB reproduction (shared/datasets/nab)', () => {
  itWithDatasets(
    "reproduces the published scores of NAB's own result files for numenta and windowedGaussian",
    () => {
      const profiles = readNabProfiles(nabDir);
      const thresholds = readNabThresholds(nabDir);
      const published = readNabFinalResults(nabDir);
      const windows = readNabWindows(nabDir);
      expect(windows.size).toBe(58);

      for (const detector of ['numenta', 'windowedGaussian']) {
        const corpus = readNabDetectorCorpus(detector, nabDir, windows);
        for (const profile of NAB_PROFILE_NAMES) {
          const result = nabScore(corpus, thresholds[detector][profile].threshold, profiles[profile]);
          // The acceptance criterion: within 0.5 points of results/final_results.json ...
          expect(Math.abs(result.normalised - published[detector][profile])).toBeLessThan(0.5);
          // ... and in fact every file's raw score and counts match the published *_scores.csv.
          const byName = new Map(result.files.map((f) => [f.name, f]));
          for (const row of readNabPublishedFileScores(detector, profile, nabDir)) {
            const mine = byName.get(row.name);
            expect(mine).toBeDefined();
            expect(Math.abs(mine!.score - row.score)).toBeLessThan(1e-6);
            expect([mine!.tp, mine!.tn, mine!.fp, mine!.fn]).toEqual([row.tp, row.tn, row.fp, row.fn]);
          }
        }
      }
    },
    20_000
  );
});
