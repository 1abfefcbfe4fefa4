/**
 * One evaluation row from a detector's score series on labelled steps (SMD-style datasets): alerts are
 * the runs of the rule's firing state (threshold, minimum duration, hysteresis — as the shipped alert
 * rule raises them), point F1 and point-adjusted F1 are computed on that firing state, events and the
 * event figures on the labels, and best-over-thresholds F1 on the raw scores as a separate figure.
 */
import { AlertingRule, alertFiring } from '../risk/alertEpisodes';
import { EventMetrics, eventMetrics, poolEventMetrics } from './eventMetrics';
import { eventsFromLabels } from './events';
import { evaluationRow, EvaluationRow } from './report';
import { bestF1OverThresholds, pointAdjust, PointCounts, pointCounts, scoresFromCounts } from './smdScores';

export interface LabelledScores {
  /** Step times (ms). */
  timestampsMs: ArrayLike<number>;
  /** The detector's score per step. */
  scores: ArrayLike<number>;
  labels: ArrayLike<number>;
}

export interface DetectorFigures {
  events: EventMetrics;
  point: PointCounts;
  pointAdjusted: PointCounts;
  bestF1: number | null;
  bestPointAdjustedF1: number | null;
}

/** Every figure of one detector on one labelled series; `rule` null is the detector that never alerts. */
export function detectorFigures(series: LabelledScores, rule: AlertingRule | null, horizonMs: number): DetectorFigures {
  const firing = rule ? alertFiring(series.scores, rule) : new Uint8Array(series.scores.length);
  const events = eventMetrics(
    eventsFromLabels(series.labels, series.timestampsMs),
    firing,
    series.timestampsMs,
    horizonMs
  );
  const best = rule ? bestF1OverThresholds(series.scores, series.labels, { pointAdjust: false }) : null;
  const bestPa = rule ? bestF1OverThresholds(series.scores, series.labels, { pointAdjust: true }) : null;
  return {
    events,
    point: pointCounts(firing, series.labels),
    pointAdjusted: pointCounts(pointAdjust(firing, series.labels), series.labels),
    bestF1: best?.f1 ?? (rule ? 0 : null),
    bestPointAdjustedF1: bestPa?.f1 ?? (rule ? 0 : null),
  };
}

/** The table row for one detector's figures (one series, or several pooled: counts summed). */
export function detectorRow(
  detector: string,
  training: string,
  parts: DetectorFigures[],
  timing: { wallTimeSeconds: number; rows: number }
): EvaluationRow {
  const sum = (pick: (p: DetectorFigures) => PointCounts): PointCounts =>
    parts.reduce(
      (acc, p) => {
        const c = pick(p);
        return { tp: acc.tp + c.tp, fp: acc.fp + c.fp, fn: acc.fn + c.fn, tn: acc.tn + c.tn };
      },
      { tp: 0, fp: 0, fn: 0, tn: 0 }
    );
  const single = parts.length === 1 ? parts[0] : null;
  return evaluationRow({
    detector,
    training,
    events: poolEventMetrics(parts.map((p) => p.events)),
    timeUnitMs: 1,
    smd: {
      pointF1: scoresFromCounts(sum((p) => p.point)).f1,
      pointAdjustedF1: scoresFromCounts(sum((p) => p.pointAdjusted)).f1,
      // Best-over-thresholds is per series; pooled rows leave it to the macro average.
      bestF1: single?.bestF1 ?? null,
      bestPointAdjustedF1: single?.bestPointAdjustedF1 ?? null,
    },
    timing,
  });
}
