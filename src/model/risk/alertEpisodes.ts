/**
 * Predicted-failure alerts, as the shipped Grafana alert rule raises them: the alert fires once
 * risk has stayed >= threshold for `minDurationSteps` consecutive steps (the rule's "for"), and
 * clears when risk drops below `clearBelow` (hysteresis, so it does not flap around the line).
 */
export interface AlertingRule {
  threshold: number;
  minDurationSteps: number;
  clearBelow: number;
}

export interface AlertEpisode {
  /** Index of the step the alert fired at (the evaluation protocol's alert time). */
  firedIndex: number;
  /** Index of the first step of the run above threshold that led to it. */
  pendingIndex: number;
  /** Last firing step (inclusive). */
  endIndex: number;
  peakRisk: number;
}

/** Firing state per step (1 = firing). */
export function alertFiring(risk: ArrayLike<number>, rule: AlertingRule): Uint8Array {
  const firing = new Uint8Array(risk.length);
  let above = 0;
  let on = false;
  for (let k = 0; k < risk.length; k++) {
    const r = risk[k];
    above = r >= rule.threshold ? above + 1 : 0;
    if (!on && above >= rule.minDurationSteps) {
      on = true;
    } else if (on && r < rule.clearBelow) {
      on = false;
    }
    firing[k] = on ? 1 : 0;
  }
  return firing;
}

export function alertEpisodes(risk: ArrayLike<number>, rule: AlertingRule): AlertEpisode[] {
  const firing = alertFiring(risk, rule);
  const episodes: AlertEpisode[] = [];
  for (let k = 0; k < firing.length; k++) {
    if (!firing[k] || (k > 0 && firing[k - 1])) {
      continue;
    }
    let end = k;
    let peak = risk[k];
    while (end + 1 < firing.length && firing[end + 1]) {
      end++;
      peak = Math.max(peak, risk[end]);
    }
    episodes.push({ firedIndex: k, pendingIndex: k - rule.minDurationSteps + 1, endIndex: end, peakRisk: peak });
  }
  return episodes;
}
