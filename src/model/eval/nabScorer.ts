/**
 * NAB's own scoring (Numenta Anomaly Benchmark, numenta/NAB @ ea702d75: nab/sweeper.py, nab/scorer.py,
 * nab/runner.py normalize), reimplemented from its description and source so our detectors get the same
 * figures as the published scoreboard.
 *
 * Per file:
 * - The first min(floor(0.15 · rows), 0.15 · 5000) rows are probationary and not scored at all.
 * - Every row gets a weighted score as if it were a detection. Inside a window of width w (rows) ending at
 *   row r, row i scores tpWeight · σ(-(r - i + 1) / w) / σ(-1), where σ(x) = 2 / (1 + e^(5x)) - 1 is NAB's
 *   scaled sigmoid: the window's first row scores exactly tpWeight, later rows less. Outside windows, row
 *   i scores fpWeight · σ(|i - r'| / (w' - 1)) against the previous window (end r', width w'), and
 *   -fpWeight before the first window (σ is -1 from 3 on).
 * - A row is a detection when anomaly_score >= threshold. Each window contributes the best (i.e. the
 *   first) detection's score in it, or -fnWeight when none; every detection outside windows adds its
 *   (negative) score. Windows with no scored row contribute nothing.
 * The corpus raw score is the sum over files; it is normalised as 100 · (raw - null) / (perfect - null),
 * where null is the raw score of the detector that never fires and perfect = tpWeight · (number of windows).
 *
 * Window entry and exit follow NAB's row-by-row walk exactly (a window opens on the row whose timestamp
 * equals its start and closes on the row equal to its end; r and w use the first row holding a timestamp),
 * which matters for the few NAB files whose clock repeats or goes backwards. One deliberate difference:
 * after a one-row window NAB divides by w' - 1 = 0 and fails; here that distance is +Infinity (score -1).
 */

export interface NabCostMatrix {
  tpWeight: number;
  fnWeight: number;
  fpWeight: number;
  /** Present in NAB's profiles; NAB's score does not use it. */
  tnWeight?: number;
}

export type NabProfileName = 'standard' | 'reward_low_FP_rate' | 'reward_low_FN_rate';
export const NAB_PROFILE_NAMES: readonly NabProfileName[] = ['standard', 'reward_low_FP_rate', 'reward_low_FN_rate'];

/** NAB's config/profiles.json, for use where the dataset is not at hand. */
export const NAB_PROFILES: Readonly<Record<NabProfileName, NabCostMatrix>> = {
  standard: { tpWeight: 1, fnWeight: 1, fpWeight: 0.11, tnWeight: 1 },
  reward_low_FP_rate: { tpWeight: 1, fnWeight: 1, fpWeight: 0.22, tnWeight: 1 },
  reward_low_FN_rate: { tpWeight: 1, fnWeight: 2, fpWeight: 0.11, tnWeight: 1 },
};

export const NAB_PROBATION_PERCENT = 0.15;

/** One scored series: row timestamps, the detector's anomaly scores, and the file's labelled windows. */
export interface NabSeries {
  /** Path relative to NAB's data/, e.g. "realKnownCause/nyc_taxi.csv". */
  name: string;
  /** One per row, in file order (epoch ms; any unit works as long as windows use the same). */
  timestamps: ArrayLike<number>;
  anomalyScores: ArrayLike<number>;
  /** [first, last] timestamps of each window, in order, as in combined_windows.json. */
  windows: ReadonlyArray<readonly [number, number]>;
}

/** Row not scored (probationary period). */
export const NAB_PROBATIONARY = -2;
/** Row outside every window. */
export const NAB_OUTSIDE = -1;

export interface NabRowScores {
  /** Weighted score each row would contribute as a detection (NAB's S(t) column). */
  weighted: Float64Array;
  /** Window index of each row, NAB_OUTSIDE, or NAB_PROBATIONARY. */
  window: Int32Array;
}

export interface NabCounts {
  tp: number;
  tn: number;
  fp: number;
  fn: number;
  /** Scored rows (after the probationary period). */
  total: number;
}

export interface NabFileScore extends NabCounts {
  name: string;
  score: number;
}

export interface NabCorpusScore extends NabCounts {
  score: number;
  files: NabFileScore[];
}

export interface NabResult {
  raw: number;
  nullRaw: number;
  perfect: number;
  /** 100 · (raw - nullRaw) / (perfect - nullRaw): 0 for the null detector, 100 for the perfect one. */
  normalised: number;
  counts: NabCounts;
  files: NabFileScore[];
}

/** NAB's scaled sigmoid: 1 well before a window's end, 0 at it, -1 from 3 window-widths after it. */
export function nabScaledSigmoid(relativePosition: number): number {
  if (relativePosition >= 3) {
    return -1;
  }
  return 2 / (1 + Math.exp(5 * relativePosition)) - 1;
}

/** Rows NAB leaves unscored at the start of a file. */
export function nabProbationaryRows(rows: number, probationPercent = NAB_PROBATION_PERCENT): number {
  return Math.min(Math.floor(probationPercent * rows), probationPercent * 5000);
}

/** The weighted score and window of every row (NAB's sweeper.calcSweepScore). */
export function nabRowScores(
  series: NabSeries,
  cost: NabCostMatrix,
  probationPercent = NAB_PROBATION_PERCENT
): NabRowScores {
  const { timestamps, windows } = series;
  const n = timestamps.length;
  if (series.anomalyScores.length !== n) {
    throw new Error(`NAB ${series.name}: ${series.anomalyScores.length} anomaly scores for ${n} timestamps`);
  }
  const firstRow = new Map<number, number>();
  for (let i = n - 1; i >= 0; i--) {
    firstRow.set(timestamps[i], i);
  }
  const rowOf = (t: number, which: string) => {
    const row = firstRow.get(t);
    if (row === undefined) {
      throw new Error(
        `NAB ${series.name}: window ${which} ${new Date(t).toISOString()} matches no row; ` +
          'window limits must be timestamps of the file'
      );
    }
    return row;
  };

  const maxTp = nabScaledSigmoid(-1);
  const probationary = nabProbationaryRows(n, probationPercent);
  const weighted = new Float64Array(n);
  const window = new Int32Array(n);

  let nextWindow = 0;
  let current = NAB_OUTSIDE;
  let currentRight = 0;
  let currentWidth = 0;
  let previousRight: number | null = null;
  let previousWidth = 0;
  for (let i = 0; i < n; i++) {
    const t = timestamps[i];
    if (nextWindow < windows.length && t === windows[nextWindow][0]) {
      current = nextWindow++;
      currentRight = rowOf(windows[current][1], 'end');
      currentWidth = currentRight - rowOf(windows[current][0], 'start') + 1;
    }
    if (current !== NAB_OUTSIDE) {
      weighted[i] = (nabScaledSigmoid(-(currentRight - i + 1) / currentWidth) * cost.tpWeight) / maxTp;
    } else {
      const position =
        previousRight === null
          ? 3
          : previousWidth > 1
            ? Math.abs(previousRight - i) / (previousWidth - 1)
            : Number.POSITIVE_INFINITY;
      weighted[i] = nabScaledSigmoid(position) * cost.fpWeight;
    }
    window[i] = i >= probationary ? current : NAB_PROBATIONARY;
    if (current !== NAB_OUTSIDE && t === windows[current][1]) {
      previousRight = i;
      previousWidth = currentWidth;
      current = NAB_OUTSIDE;
    }
  }
  return { weighted, window };
}

/** A file's raw NAB score at a threshold (detection = anomaly score >= threshold). */
export function scoreNabSeries(
  series: NabSeries,
  threshold: number,
  cost: NabCostMatrix,
  probationPercent = NAB_PROBATION_PERCENT
): NabFileScore {
  return scoreRows(series, nabRowScores(series, cost, probationPercent), threshold, cost);
}

/** Raw corpus score: per-file raw scores summed, with the counts NAB's *_scores.csv reports. */
export function scoreNabCorpus(
  corpus: readonly NabSeries[],
  threshold: number,
  cost: NabCostMatrix,
  probationPercent = NAB_PROBATION_PERCENT
): NabCorpusScore {
  const files = corpus.map((series) => scoreNabSeries(series, threshold, cost, probationPercent));
  const total: NabCorpusScore = { score: 0, tp: 0, tn: 0, fp: 0, fn: 0, total: 0, files };
  for (const f of files) {
    total.score += f.score;
    total.tp += f.tp;
    total.tn += f.tn;
    total.fp += f.fp;
    total.fn += f.fn;
    total.total += f.total;
  }
  return total;
}

/** 100 · (raw - nullRaw) / (perfect - nullRaw), NAB's normalisation. */
export function normaliseNabScore(raw: number, nullRaw: number, perfect: number): number {
  if (perfect === nullRaw) {
    throw new Error('NAB normalisation is undefined: the null and perfect scores are equal (no windows?)');
  }
  return (100 * (raw - nullRaw)) / (perfect - nullRaw);
}

/**
 * The normalised NAB score of a detector on a corpus under one profile. The null baseline is scored here
 * (a detector that never fires: -fnWeight per window with a scored row), as NAB scores its null detector;
 * perfect counts every window of the corpus, as NAB counts every window in the labels file.
 */
export function nabScore(
  corpus: readonly NabSeries[],
  threshold: number,
  cost: NabCostMatrix,
  probationPercent = NAB_PROBATION_PERCENT
): NabResult {
  const scored = scoreNabCorpus(corpus, threshold, cost, probationPercent);
  const nullRaw = scoreNabCorpus(corpus, Number.POSITIVE_INFINITY, cost, probationPercent).score;
  const perfect = cost.tpWeight * corpus.reduce((acc, s) => acc + s.windows.length, 0);
  const { files, score, ...counts } = scored;
  return { raw: score, nullRaw, perfect, normalised: normaliseNabScore(score, nullRaw, perfect), counts, files };
}

function scoreRows(series: NabSeries, rows: NabRowScores, threshold: number, cost: NabCostMatrix): NabFileScore {
  const { weighted, window } = rows;
  const scores = series.anomalyScores;
  // Best detection score per window; -fnWeight until one is seen. Only windows with a scored row count.
  const windowParts = new Map<number, number>();
  let fpScore = 0;
  const counts: NabCounts = { tp: 0, tn: 0, fp: 0, fn: 0, total: 0 };
  for (let i = 0; i < window.length; i++) {
    const w = window[i];
    if (w === NAB_PROBATIONARY) {
      continue;
    }
    counts.total++;
    const detected = scores[i] >= threshold;
    if (w === NAB_OUTSIDE) {
      if (detected) {
        counts.fp++;
        fpScore += weighted[i];
      } else {
        counts.tn++;
      }
      continue;
    }
    const part = windowParts.get(w) ?? -cost.fnWeight;
    if (detected) {
      counts.tp++;
      windowParts.set(w, Math.max(part, weighted[i]));
    } else {
      counts.fn++;
      windowParts.set(w, part);
    }
  }
  let score = fpScore;
  for (const part of windowParts.values()) {
    score += part;
  }
  return { name: series.name, score, ...counts };
}
