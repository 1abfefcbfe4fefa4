/**
 * NAB's published scoreboard scores each detector at the one corpus-wide threshold that maximises
 * its score, found with the labels of the very data it scores. The protocol forbids choosing our
 * threshold that way, so the product is scored at its own label-free thresholds; this search gives
 * the scoreboard's kind of figure as a separate, labelled column, so the two can be compared
 * honestly (how much is the detector, how much the threshold).
 */
import { AlertingRule } from '../risk/alertEpisodes';
import { detectorOutput, NabFileInput, nabSeriesOf } from './nabEvaluation';
import { NabCostMatrix, nabScore, NabProfileName, NAB_PROFILE_NAMES } from './nabScorer';

export interface NabRescorable {
  file: NabFileInput;
  /** The detector's score per row, the one the threshold applies to. */
  scores: ArrayLike<number>;
  suppressRows: number;
}

export interface NabThresholdSearch {
  /** Per profile: the best normalised score over the candidates and the threshold that gave it. */
  best: Record<NabProfileName, { score: number; threshold: number }>;
  candidates: number;
}

/**
 * Candidate thresholds: quantiles of every file's scores pooled, from the 1st percentile up to
 * 1 − 10⁻⁵, spaced on a log scale of the upper tail (where most useful thresholds lie),
 * duplicates removed. Low ones stay in: with alert suppression a low threshold is a detector
 * that alerts every few hundred rows, which NAB's standard profile does not punish much.
 */
export function thresholdCandidates(series: ReadonlyArray<ArrayLike<number>>, count = 240): number[] {
  const pooled = Float64Array.from(series.flatMap((s) => Array.from(s).filter(Number.isFinite))).sort();
  if (pooled.length === 0) {
    throw new Error('no finite score to choose thresholds from');
  }
  const out = new Set<number>();
  for (let k = 0; k < count; k++) {
    const q = 1 - 0.99 * 10 ** (-(k / (count - 1)) * 5); // 0.01 … ≈ 0.99999
    out.add(pooled[Math.min(pooled.length - 1, Math.floor(q * pooled.length))]);
  }
  return [...out].sort((a, b) => a - b);
}

/**
 * Every candidate threshold applied to every file with the alert rule's minimum duration and
 * hysteresis (clearBelow = threshold − hysteresis·|threshold|), scored by NAB's scorer per profile.
 */
export function bestNabOverThresholds(
  files: readonly NabRescorable[],
  rule: Pick<AlertingRule, 'minDurationSteps'> & { hysteresis: number },
  profiles: Record<NabProfileName, NabCostMatrix>,
  candidates: readonly number[] = thresholdCandidates(files.map((f) => f.scores))
): NabThresholdSearch {
  if (files.length === 0 || candidates.length === 0) {
    throw new Error('bestNabOverThresholds needs at least one file and one candidate threshold');
  }
  const best = Object.fromEntries(
    NAB_PROFILE_NAMES.map((p) => [p, { score: Number.NEGATIVE_INFINITY, threshold: Number.NaN }])
  ) as NabThresholdSearch['best'];
  for (const threshold of candidates) {
    const alertRule: AlertingRule = {
      threshold,
      minDurationSteps: rule.minDurationSteps,
      clearBelow: threshold - rule.hysteresis * Math.abs(threshold),
    };
    const corpus = files.map(({ file, scores, suppressRows }) =>
      nabSeriesOf(file, detectorOutput(scores, alertRule, suppressRows))
    );
    for (const p of NAB_PROFILE_NAMES) {
      const score = nabScore(corpus, 0.5, profiles[p]).normalised;
      if (score > best[p].score) {
        best[p] = { score, threshold };
      }
    }
  }
  return { best, candidates: candidates.length };
}
