/**
 * Event precision, event recall, lead time and FPR, exactly as shared/eval-protocol.md defines them.
 *
 * An alert "matches" an event when the alert's time (its first step) lies in the event's acceptance window
 * [s - H, e], both ends inclusive. Consequences of that definition, kept on purpose:
 * - an alert that started before s - H and is still on at s counts as a false alarm and detects nothing;
 * - where acceptance windows of two events overlap, one alert can detect both events (recall) while it
 *   still counts once in precision.
 * Undefined ratios are `null`, never 0 or 1: precision with no alerts, recall with no events, FPR with no
 * step outside every acceptance window, lead statistics with no detected event.
 */
import { alertsFromCondition, Alert, EvalEvent } from './events';

export interface TimeInterval {
  start: number;
  end: number;
}

export interface EventDetection {
  events: number;
  alerts: number;
  /** Alerts whose time lies in [s - H, e] of some event. */
  matchedAlerts: number;
  /** Events with at least one matching alert. */
  detectedEvents: number;
  /** matchedAlerts / alerts; null when there are no alerts. */
  eventPrecision: number | null;
  /** detectedEvents / events; null when there are no events. */
  eventRecall: number | null;
  /** Per event, in input order: onset - time of its first matching alert; null when undetected. */
  leadTimes: Array<number | null>;
  /** Median lead over detected events; null when none is detected. */
  medianLeadTime: number | null;
  /** Detected events whose lead is >= H. */
  leadAtLeastHorizon: number;
  /** leadAtLeastHorizon / detectedEvents; null when none is detected. Divide by `events` for a share of all. */
  leadAtLeastHorizonShare: number | null;
}

export interface FalsePositiveRate {
  /** Steps outside every [s - H, e]. */
  stepsOutside: number;
  /** Of those, steps where the alert condition holds. */
  flaggedOutside: number;
  /** flaggedOutside / stepsOutside; null when every step lies in some acceptance window. */
  falsePositiveRate: number | null;
}

export interface EventMetrics extends EventDetection, FalsePositiveRate {
  horizon: number;
}

/** The windows [s - H, e] in which an alert counts for an event, in input order. */
export function acceptanceWindows(events: readonly EvalEvent[], horizon: number): TimeInterval[] {
  if (!(horizon >= 0) || !Number.isFinite(horizon)) {
    throw new Error(`horizon ${horizon} must be a finite number >= 0 in the unit of the step times`);
  }
  return events.map((event, k) => {
    if (!(event.start <= event.end)) {
      throw new Error(`event ${k} ends (${event.end}) before it starts (${event.start}); events need start <= end`);
    }
    return { start: event.start - horizon, end: event.end };
  });
}

/** Event precision, event recall and lead times from the alerts' times. O((A + E) log(A + E)). */
export function eventDetection(
  events: readonly EvalEvent[],
  alertTimes: ArrayLike<number>,
  horizon: number
): EventDetection {
  const windows = acceptanceWindows(events, horizon);
  const union = mergeIntervals(windows);
  const sortedAlerts = Float64Array.from(alertTimes).sort();

  let matchedAlerts = 0;
  for (const t of sortedAlerts) {
    if (insideUnion(union, t)) {
      matchedAlerts++;
    }
  }

  const leadTimes: Array<number | null> = [];
  const detectedLeads: number[] = [];
  let leadAtLeastHorizon = 0;
  windows.forEach((window, k) => {
    const i = lowerBound(sortedAlerts, window.start);
    if (i < sortedAlerts.length && sortedAlerts[i] <= window.end) {
      const lead = events[k].onset - sortedAlerts[i];
      leadTimes.push(lead);
      detectedLeads.push(lead);
      if (lead >= horizon) {
        leadAtLeastHorizon++;
      }
    } else {
      leadTimes.push(null);
    }
  });

  const detectedEvents = detectedLeads.length;
  return {
    events: events.length,
    alerts: sortedAlerts.length,
    matchedAlerts,
    detectedEvents,
    eventPrecision: ratio(matchedAlerts, sortedAlerts.length),
    eventRecall: ratio(detectedEvents, events.length),
    leadTimes,
    medianLeadTime: median(detectedLeads),
    leadAtLeastHorizon,
    leadAtLeastHorizonShare: ratio(leadAtLeastHorizon, detectedEvents),
  };
}

/** Share of steps outside every [s - H, e] where the alert condition holds. Step times need not be sorted. */
export function falsePositiveRate(
  events: readonly EvalEvent[],
  condition: ArrayLike<number | boolean>,
  times: ArrayLike<number>,
  horizon: number
): FalsePositiveRate {
  if (condition.length !== times.length) {
    throw new Error(`alert condition has ${condition.length} steps but times has ${times.length}`);
  }
  const union = mergeIntervals(acceptanceWindows(events, horizon));
  let stepsOutside = 0;
  let flaggedOutside = 0;
  for (let i = 0; i < times.length; i++) {
    if (insideUnion(union, times[i])) {
      continue;
    }
    stepsOutside++;
    if (condition[i]) {
      flaggedOutside++;
    }
  }
  return { stepsOutside, flaggedOutside, falsePositiveRate: ratio(flaggedOutside, stepsOutside) };
}

/** Every event figure of the protocol for one series: alerts are the maximal runs of `condition`. */
export function eventMetrics(
  events: readonly EvalEvent[],
  condition: ArrayLike<number | boolean>,
  times: ArrayLike<number>,
  horizon: number
): EventMetrics {
  const alerts: Alert[] = alertsFromCondition(condition, times);
  return {
    horizon,
    ...eventDetection(
      events,
      alerts.map((a) => a.time),
      horizon
    ),
    ...falsePositiveRate(events, condition, times, horizon),
  };
}

/**
 * Pools per-series results into one figure set (e.g. all machines of a dataset): counts are summed and the
 * ratios recomputed from the sums (micro average); the median is taken over all detected events' leads.
 */
export function poolEventMetrics(parts: readonly EventMetrics[]): EventMetrics {
  if (parts.length === 0) {
    throw new Error('poolEventMetrics needs at least one series');
  }
  const horizon = parts[0].horizon;
  if (parts.some((p) => p.horizon !== horizon)) {
    throw new Error('poolEventMetrics: the series were scored with different horizons');
  }
  const sum = (pick: (p: EventMetrics) => number) => parts.reduce((acc, p) => acc + pick(p), 0);
  const leadTimes = parts.flatMap((p) => p.leadTimes);
  const detectedLeads = leadTimes.filter((lead): lead is number => lead !== null);
  const alerts = sum((p) => p.alerts);
  const matchedAlerts = sum((p) => p.matchedAlerts);
  const events = sum((p) => p.events);
  const detectedEvents = sum((p) => p.detectedEvents);
  const leadAtLeastHorizon = sum((p) => p.leadAtLeastHorizon);
  const stepsOutside = sum((p) => p.stepsOutside);
  const flaggedOutside = sum((p) => p.flaggedOutside);
  return {
    horizon,
    events,
    alerts,
    matchedAlerts,
    detectedEvents,
    eventPrecision: ratio(matchedAlerts, alerts),
    eventRecall: ratio(detectedEvents, events),
    leadTimes,
    medianLeadTime: median(detectedLeads),
    leadAtLeastHorizon,
    leadAtLeastHorizonShare: ratio(leadAtLeastHorizon, detectedEvents),
    stepsOutside,
    flaggedOutside,
    falsePositiveRate: ratio(flaggedOutside, stepsOutside),
  };
}

/** Median of a list (mean of the two middle values for an even count); null for an empty list. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) {
    return null;
  }
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

/** Sorted, disjoint union of closed intervals. */
function mergeIntervals(intervals: readonly TimeInterval[]): TimeInterval[] {
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  const merged: TimeInterval[] = [];
  for (const iv of sorted) {
    const last = merged[merged.length - 1];
    if (last && iv.start <= last.end) {
      last.end = Math.max(last.end, iv.end);
    } else {
      merged.push({ ...iv });
    }
  }
  return merged;
}

function insideUnion(union: readonly TimeInterval[], t: number): boolean {
  if (Number.isNaN(t)) {
    return false;
  }
  let lo = 0;
  let hi = union.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (t < union[mid].start) {
      hi = mid - 1;
    } else if (t > union[mid].end) {
      lo = mid + 1;
    } else {
      return true;
    }
  }
  return false;
}

/** First index with sorted[i] >= t. */
function lowerBound(sorted: Float64Array, t: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < t) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}
