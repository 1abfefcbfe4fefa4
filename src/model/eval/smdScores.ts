/**
 * SMD-style point-wise scores: precision/recall/F1 at a fixed threshold, the same with point-adjust, event
 * F1, and (as a separate, labelled figure) the best F1 over all thresholds.
 *
 * A step is flagged when its score >= threshold (NaN scores are never flagged). Undefined ratios are
 * null: precision with nothing flagged, recall with no positive label, F1 when either is null
 * (F1 = 0 when precision + recall = 0).
 */
import { maximalRuns } from './events';

export interface PointCounts {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

export interface PointScores extends PointCounts {
  precision: number | null;
  recall: number | null;
  f1: number | null;
}

export interface BestF1 {
  /** The lowest score that is flagged (flag = score >= threshold). */
  threshold: number;
  precision: number;
  recall: number;
  f1: number;
  tp: number;
  fp: number;
  fn: number;
}

/** 1 where score >= threshold. */
export function flagsAtThreshold(scores: ArrayLike<number>, threshold: number): Uint8Array {
  const flags = new Uint8Array(scores.length);
  for (let i = 0; i < scores.length; i++) {
    flags[i] = scores[i] >= threshold ? 1 : 0;
  }
  return flags;
}

/** Confusion counts of per-step predictions against per-step labels (truthy = 1). */
export function pointCounts(predicted: ArrayLike<number | boolean>, labels: ArrayLike<number | boolean>): PointCounts {
  requireSameLength(predicted.length, labels.length);
  const counts: PointCounts = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (let i = 0; i < labels.length; i++) {
    if (labels[i]) {
      predicted[i] ? counts.tp++ : counts.fn++;
    } else {
      predicted[i] ? counts.fp++ : counts.tn++;
    }
  }
  return counts;
}

export function scoresFromCounts(counts: PointCounts): PointScores {
  const precision = ratio(counts.tp, counts.tp + counts.fp);
  const recall = ratio(counts.tp, counts.tp + counts.fn);
  return { ...counts, precision, recall, f1: f1Score(precision, recall) };
}

/** Harmonic mean of precision and recall; null when either is undefined. */
export function f1Score(precision: number | null, recall: number | null): number | null {
  if (precision === null || recall === null) {
    return null;
  }
  return precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
}

/** The protocol's event F1: F1 of event precision and event recall (see eventMetrics.ts). */
export const eventF1 = f1Score;

/** Point-wise precision/recall/F1 of predictions. */
export function pointwiseScores(
  predicted: ArrayLike<number | boolean>,
  labels: ArrayLike<number | boolean>
): PointScores {
  return scoresFromCounts(pointCounts(predicted, labels));
}

/**
 * Standard point-adjust: when any step of a labelled segment (maximal run of label 1) is flagged, every
 * step of that segment counts as flagged; steps outside segments are unchanged.
 */
export function pointAdjust(predicted: ArrayLike<number | boolean>, labels: ArrayLike<number | boolean>): Uint8Array {
  requireSameLength(predicted.length, labels.length);
  const adjusted = Uint8Array.from({ length: predicted.length }, (_, i) => (predicted[i] ? 1 : 0));
  for (const run of maximalRuns(labels)) {
    let hit = false;
    for (let i = run.startIndex; i <= run.endIndex && !hit; i++) {
      hit = adjusted[i] === 1;
    }
    if (hit) {
      adjusted.fill(1, run.startIndex, run.endIndex + 1);
    }
  }
  return adjusted;
}

/** Point-wise precision/recall/F1 after point-adjust. */
export function pointAdjustedScores(
  predicted: ArrayLike<number | boolean>,
  labels: ArrayLike<number | boolean>
): PointScores {
  return pointwiseScores(pointAdjust(predicted, labels), labels);
}

/**
 * Best F1 over every threshold (each distinct score value), with or without point-adjust. Report it only as
 * a separate, labelled figure: it picks the threshold on the data it scores.
 *
 * One sort, then one sweep from the highest threshold down: O(n log n). With point-adjust a labelled
 * segment becomes wholly detected once the threshold falls to the segment's highest score, so each
 * segment enters the sweep as one item (its maximum, its length as true positives) and each unlabelled
 * step as another (its score, one false positive): still one sort of at most n items, no per-threshold pass.
 * Ties: all steps with equal score enter together. Returns null when there is no positive label or no
 * threshold flags a positive (F1 would be 0 or undefined at every threshold).
 */
export function bestF1OverThresholds(
  scores: ArrayLike<number>,
  labels: ArrayLike<number | boolean>,
  options: { pointAdjust: boolean }
): BestF1 | null {
  requireSameLength(scores.length, labels.length);
  const values: number[] = [];
  const tpGain: number[] = [];
  const addItem = (value: number, tp: number) => {
    if (!Number.isNaN(value)) {
      values.push(value);
      tpGain.push(tp);
    }
  };

  let positives = 0;
  if (options.pointAdjust) {
    for (const run of maximalRuns(labels)) {
      // NaN stays when every score of the segment is NaN: such a segment is never detected.
      let max = Number.NaN;
      for (let i = run.startIndex; i <= run.endIndex; i++) {
        const score = scores[i];
        if (!Number.isNaN(score) && (Number.isNaN(max) || score > max)) {
          max = score;
        }
      }
      const length = run.endIndex - run.startIndex + 1;
      positives += length;
      addItem(max, length);
    }
    for (let i = 0; i < labels.length; i++) {
      if (!labels[i]) {
        addItem(scores[i], 0);
      }
    }
  } else {
    for (let i = 0; i < labels.length; i++) {
      const positive = labels[i] ? 1 : 0;
      positives += positive;
      addItem(scores[i], positive);
    }
  }
  if (positives === 0) {
    return null;
  }

  const order = Array.from(values.keys()).sort((a, b) => values[b] - values[a]);
  let best: BestF1 | null = null;
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < order.length; k++) {
    const item = order[k];
    if (tpGain[item] > 0) {
      tp += tpGain[item];
    } else {
      fp++;
    }
    const nextIsTie = k + 1 < order.length && values[order[k + 1]] === values[item];
    if (nextIsTie || tp === 0) {
      continue;
    }
    const precision = tp / (tp + fp);
    const recall = tp / positives;
    const f1 = (2 * precision * recall) / (precision + recall);
    if (best === null || f1 > best.f1) {
      best = { threshold: values[item], precision, recall, f1, tp, fp, fn: positives - tp };
    }
  }
  return best;
}

function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

function requireSameLength(a: number, b: number): void {
  if (a !== b) {
    throw new Error(`predictions/scores have ${a} steps but labels have ${b}; pass one label per step`);
  }
}
