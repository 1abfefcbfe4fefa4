import { AlertingRule, alertEpisodes, alertFiring } from '../risk/alertEpisodes';
import { FailureInstant } from './labels';

export interface ScoredHost {
  instance: string;
  timestampsMs: Float64Array;
  risk: Float64Array;
}

export interface AlertOutcome {
  rule: AlertingRule;
  precision: number | null;
  recall: number;
  fpr: number;
  medianLeadMinutes: number | null;
  alerts: number;
  events: number;
}

/**
 * The evaluation protocol's event figures for one alerting rule on failure scenarios (events
 * [f − H, f]): alert precision, event recall, step FPR outside every event window, median lead.
 */
export function alertOutcome(hosts: ScoredHost[], failures: FailureInstant[], horizonMs: number, rule: AlertingRule): AlertOutcome {
  let alerts = 0;
  let goodAlerts = 0;
  let flaggedOutside = 0;
  let stepsOutside = 0;
  const detected = new Map<FailureInstant, number>();
  for (const host of hosts) {
    const mine = failures.filter((f) => f.instance === host.instance);
    const inWindow = (t: number) => mine.find((f) => t >= f.failureMs - horizonMs && t <= f.failureMs);
    const firing = alertFiring(host.risk, rule);
    host.timestampsMs.forEach((t, k) => {
      if (!inWindow(t)) {
        stepsOutside++;
        flaggedOutside += firing[k];
      }
    });
    for (const episode of alertEpisodes(host.risk, rule)) {
      alerts++;
      const t = host.timestampsMs[episode.firedIndex];
      const event = inWindow(t);
      if (event) {
        goodAlerts++;
        if (!detected.has(event)) {
          detected.set(event, t);
        }
      }
    }
  }
  const events = failures.filter((f) => hosts.some((h) => h.instance === f.instance && h.timestampsMs[0] <= f.failureMs && f.failureMs <= h.timestampsMs[h.timestampsMs.length - 1]));
  const leads = [...detected.entries()].map(([f, t]) => (f.failureMs - t) / 60_000).sort((a, b) => a - b);
  return {
    rule,
    precision: alerts > 0 ? goodAlerts / alerts : null,
    recall: events.length > 0 ? detected.size / events.length : 0,
    fpr: stepsOutside > 0 ? flaggedOutside / stepsOutside : 0,
    medianLeadMinutes: leads.length > 0 ? leads[Math.floor((leads.length - 1) / 2)] : null,
    alerts,
    events: events.length,
  };
}

/**
 * The shipped rule: among thresholds whose alerts are at least 90 % precise with FPR under 5 %
 * (the product's promise), the one with the best recall, ties to the higher threshold; if none
 * keeps the promise, the best F1. Chosen on calibration data, never on the data scored later.
 */
export function chooseAlertingRule(hosts: ScoredHost[], failures: FailureInstant[], horizonMs: number, minDurationSteps: number): { chosen: AlertOutcome; candidates: AlertOutcome[] } {
  const candidates: AlertOutcome[] = [];
  for (let t = 0.3; t <= 0.96; t += 0.05) {
    const threshold = Math.round(t * 100) / 100;
    candidates.push(alertOutcome(hosts, failures, horizonMs, { threshold, minDurationSteps, clearBelow: Math.round((threshold - 0.15) * 100) / 100 }));
  }
  const promised = candidates.filter((c) => c.precision !== null && c.precision >= 0.9 && c.fpr < 0.05);
  const f1 = (c: AlertOutcome) => (c.precision && c.recall ? (2 * c.precision * c.recall) / (c.precision + c.recall) : 0);
  const pool = promised.length > 0 ? promised : candidates;
  const score = promised.length > 0 ? (c: AlertOutcome) => c.recall : f1;
  const chosen = pool.reduce((best, c) => (score(c) >= score(best) ? c : best));
  return { chosen, candidates };
}
