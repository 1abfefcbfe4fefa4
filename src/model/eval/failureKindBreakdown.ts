/**
 * The shipped rule's recall and lead per failure kind on a scenario fleet: one pooled figure hides
 * that, say, disk fills are caught late and memory leaks early, which is what an operator deciding
 * what to trust needs to know (and what the next model change should aim at).
 */
import { AlertingRule, alertFiring } from '../risk/alertEpisodes';
import { ScoredHost } from '../training/thresholdSelection';
import { EventMetrics, eventMetrics, poolEventMetrics } from './eventMetrics';
import { eventsFromFailures } from './events';

export interface KindedFailure {
  instance: string;
  kind: string;
  failureMs: number;
}

export interface KindBreakdown {
  kind: string;
  events: number;
  detected: number;
  /** Per event of this kind, in fleet order: minutes from the first matching alert to f; null if missed. */
  leadMinutes: Array<number | null>;
  medianLeadMinutes: number | null;
}

/** Event figures of one host for the given failures (those inside its scored range), under `rule`. */
export function hostEventMetrics(
  host: ScoredHost,
  failures: readonly KindedFailure[],
  rule: AlertingRule | null,
  horizonMs: number
): EventMetrics {
  const first = host.timestampsMs[0];
  const last = host.timestampsMs[host.timestampsMs.length - 1];
  const mine = failures.filter((f) => f.instance === host.instance && f.failureMs >= first && f.failureMs <= last);
  const condition = rule ? alertFiring(host.risk, rule) : new Uint8Array(host.risk.length);
  return eventMetrics(
    eventsFromFailures(
      mine.map((f) => f.failureMs),
      horizonMs
    ),
    condition,
    host.timestampsMs,
    horizonMs
  );
}

/** Per failure kind present in `failures`, in first-seen order. Times are epoch ms. */
export function breakdownByKind(
  hosts: readonly ScoredHost[],
  failures: readonly KindedFailure[],
  rule: AlertingRule,
  horizonMs: number
): KindBreakdown[] {
  const kinds = [...new Set(failures.map((f) => f.kind))];
  return kinds.map((kind) => {
    const ofKind = failures.filter((f) => f.kind === kind);
    const pooled = poolEventMetrics(hosts.map((host) => hostEventMetrics(host, ofKind, rule, horizonMs)));
    const minutes = (ms: number | null) => (ms === null ? null : ms / 60_000);
    return {
      kind,
      events: pooled.events,
      detected: pooled.detectedEvents,
      leadMinutes: pooled.leadTimes.map(minutes),
      medianLeadMinutes: minutes(pooled.medianLeadTime),
    };
  });
}

/** "memory_leak 5/5 detected, median lead 11.0 min". */
export function formatKindBreakdown(b: KindBreakdown): string {
  const lead = b.medianLeadMinutes === null ? 'no lead' : `median lead ${b.medianLeadMinutes.toFixed(1)} min`;
  return `${b.kind} ${b.detected}/${b.events} detected, ${lead}`;
}
