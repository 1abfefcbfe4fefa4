import { eventsFromFailures } from '../eval/events';
import { EventMetrics, eventMetrics, poolEventMetrics } from '../eval/eventMetrics';
import { AlertingRule, alertFiring } from '../risk/alertEpisodes';
import { FailureInstant } from './labels';

export interface ScoredHost {
  instance: string;
  timestampsMs: Float64Array;
  /** The detector's score per step (risk, or one component). */
  risk: Float64Array;
}

export interface AlertOutcome {
  rule: AlertingRule;
  metrics: EventMetrics;
}

/**
 * The evaluation protocol's event figures (src/model/eval) for one alerting rule on failure
 * scenarios, pooled over hosts: events [f − H, f], alerts = runs of the rule's firing state.
 */
export function alertOutcome(
  hosts: ScoredHost[],
  failures: FailureInstant[],
  horizonMs: number,
  rule: AlertingRule
): AlertOutcome {
  const parts = hosts.map((host) => {
    const mine = failures.filter(
      (f) =>
        f.instance === host.instance &&
        f.failureMs >= host.timestampsMs[0] &&
        f.failureMs <= host.timestampsMs[host.timestampsMs.length - 1]
    );
    const events = eventsFromFailures(
      mine.map((f) => f.failureMs),
      horizonMs
    );
    return eventMetrics(events, alertFiring(host.risk, rule), host.timestampsMs, horizonMs);
  });
  return { rule, metrics: poolEventMetrics(parts) };
}

/**
 * Candidate alert thresholds on risk: 0.30 … 0.95 by 0.05, then finer near 1, where a calibrated
 * risk that has to stay precise on rare failures usually sits.
 */
export const RISK_THRESHOLDS = [
  ...Array.from({ length: 14 }, (_, i) => Math.round((0.3 + 0.05 * i) * 100) / 100),
  0.97,
  0.98,
  0.99,
  0.995,
];

/** How much recall the rule gives up for lead: the larger of `events` events and `share` of all events. */
export interface RecallSlack {
  events: number;
  share: number;
}

/**
 * One event, or 2 % of the events where there are more than 100. One event is within the noise of a
 * fleet of ~70 failures, while the lead it buys is not: on the failure-head model's calibration
 * fleet the best-recall threshold (0.8, 70/70) led by 14.0 min and 0.6 (69/70) by 15.5. Over the
 * 352 failures the rule now chooses on (2026-11-25), one event held the choice to the two
 * thresholds that caught 351 and 352: 0.85, lead 13.25 min, against 0.6's 14.75 min at 348/352
 * (on the validation fleets 7014–7021, 0.6: precision 0.932, recall 0.986, lead 15.25 min; 0.85:
 * 0.979, 0.996, 13.75).
 */
export const DEFAULT_RECALL_SLACK: RecallSlack = { events: 1, share: 0.02 };

/**
 * The shipped rule: among candidate thresholds whose alerts are at least 90 % precise with FPR
 * under 5 % (the product's promise), those whose recall is within `recallSlack` of the best, and
 * among them the longest median lead (the product's third promise), then the higher threshold; if
 * none keeps the promise, the best event F1.
 * Chosen on calibration data, never on the data scored later.
 * `thresholds` default to RISK_THRESHOLDS; a component's own scale needs its own list.
 * Give a zero slack where events are few (a fleet's own labels when fine-tuning: with 2 failures
 * one event is half the recall).
 */
export function chooseAlertingRule(
  hosts: ScoredHost[],
  failures: FailureInstant[],
  horizonMs: number,
  minDurationSteps: number,
  thresholds: number[] = RISK_THRESHOLDS,
  hysteresis = 0.15,
  recallSlack: RecallSlack = DEFAULT_RECALL_SLACK
): { chosen: AlertOutcome; candidates: AlertOutcome[] } {
  const candidates = thresholds.map((threshold) =>
    alertOutcome(hosts, failures, horizonMs, {
      threshold,
      minDurationSteps,
      clearBelow: threshold - hysteresis * Math.abs(threshold),
    })
  );
  const precision = (c: AlertOutcome) => c.metrics.eventPrecision ?? 0;
  const recall = (c: AlertOutcome) => c.metrics.eventRecall ?? 0;
  const f1 = (c: AlertOutcome) =>
    precision(c) + recall(c) > 0 ? (2 * precision(c) * recall(c)) / (precision(c) + recall(c)) : 0;
  const lead = (c: AlertOutcome) => c.metrics.medianLeadTime ?? -Infinity;
  // Ties go to the longer lead, then to the later candidate (the higher threshold).
  const best = (pool: AlertOutcome[], score: (c: AlertOutcome) => number) =>
    pool.reduce((a, c) => (score(c) > score(a) || (score(c) === score(a) && lead(c) >= lead(a)) ? c : a));
  const promised = candidates.filter((c) => precision(c) >= 0.9 && (c.metrics.falsePositiveRate ?? 1) < 0.05);
  if (promised.length === 0) {
    return { chosen: best(candidates, f1), candidates };
  }
  const events = promised[0].metrics.events;
  const bestRecall = Math.max(...promised.map(recall));
  const slackEvents = Math.max(recallSlack.events, Math.floor(recallSlack.share * events));
  const slack = events > 0 ? slackEvents / events : 0;
  const nearBest = promised.filter((c) => recall(c) >= bestRecall - slack - 1e-12);
  return { chosen: best(nearBest, lead), candidates };
}
