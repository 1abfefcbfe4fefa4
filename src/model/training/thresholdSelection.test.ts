import { chooseAlertingRule, ScoredHost } from './thresholdSelection';
import { FailureInstant } from './labels';

const MINUTE = 60_000;
const H = 15 * MINUTE;
const FAILURE = 200 * MINUTE;

/** A host sampled every minute from 120 min before its failure to 10 min after it. */
function host(instance: string, riskAt: (minutesBefore: number) => number): ScoredHost {
  const n = 131;
  const timestampsMs = Float64Array.from({ length: n }, (_, i) => FAILURE + (i - 120) * MINUTE);
  const risk = Float64Array.from(timestampsMs, (t) => (t > FAILURE ? 0 : riskAt((FAILURE - t) / MINUTE)));
  return { instance, timestampsMs, risk };
}

/** Risk climbing from 0 thirty minutes before the failure to 1 at it: threshold t leads by 30(1 − t) min. */
const ramp = (minutesBefore: number) => Math.max(0, 1 - minutesBefore / 30);

/**
 * A host whose risk sits at 0.6 from an hour before its failure and jumps to 0.9 ten minutes before:
 * at 0.5 its alert starts too early (a false alert, the event missed), at 0.8 it detects the event.
 */
const earlyPlateau = (minutesBefore: number) => (minutesBefore <= 10 ? 0.9 : minutesBefore <= 60 ? 0.6 : 0);

function fleet(ramps: number, plateaus: number) {
  const hosts = [
    ...Array.from({ length: ramps }, (_, i) => host(`ramp-${i}`, ramp)),
    ...Array.from({ length: plateaus }, (_, i) => host(`plateau-${i}`, earlyPlateau)),
  ];
  const failures: FailureInstant[] = hosts.map((h) => ({ instance: h.instance, failureMs: FAILURE }));
  return { hosts, failures };
}

describe('chooseAlertingRule', () => {
  it('takes the longer lead when recall is within one event of the best', () => {
    const { hosts, failures } = fleet(12, 1);
    const { chosen, candidates } = chooseAlertingRule(hosts, failures, H, 1, [0.5, 0.8]);
    const [low, high] = candidates;
    expect(low.metrics.eventRecall).toBeCloseTo(12 / 13);
    expect(low.metrics.eventPrecision).toBeCloseTo(12 / 13);
    expect(high.metrics.eventRecall).toBe(1);
    expect(low.metrics.medianLeadTime).toBe(15 * MINUTE);
    expect(high.metrics.medianLeadTime).toBe(6 * MINUTE);
    expect(chosen.rule.threshold).toBe(0.5);
  });

  it('keeps the better recall when the other threshold misses two events', () => {
    const { hosts, failures } = fleet(20, 2);
    const { chosen, candidates } = chooseAlertingRule(hosts, failures, H, 1, [0.5, 0.8]);
    expect(candidates[0].metrics.eventPrecision).toBeGreaterThanOrEqual(0.9);
    expect(candidates[0].metrics.eventRecall).toBeCloseTo(20 / 22);
    expect(chosen.rule.threshold).toBe(0.8);
  });

  it('never takes a threshold below the promised precision for its lead', () => {
    // Four of 12 hosts sit at 0.6 from 35 min before their failure: at 0.5 their alerts start just
    // outside the window (precision 8/12) while few steps are flagged outside it (FPR under 5 %),
    // so only the precision promise rules 0.5 out.
    const shortPlateau = (minutesBefore: number) => (minutesBefore <= 10 ? 0.9 : minutesBefore <= 35 ? 0.6 : 0);
    const hosts = [
      ...Array.from({ length: 8 }, (_, i) => host(`ramp-${i}`, ramp)),
      ...Array.from({ length: 4 }, (_, i) => host(`plateau-${i}`, shortPlateau)),
    ];
    const failures = hosts.map((h) => ({ instance: h.instance, failureMs: FAILURE }));
    const { chosen, candidates } = chooseAlertingRule(hosts, failures, H, 1, [0.5, 0.8]);
    expect(candidates[0].metrics.eventPrecision).toBeCloseTo(8 / 12);
    expect(candidates[0].metrics.falsePositiveRate!).toBeLessThan(0.05);
    expect(candidates[0].metrics.medianLeadTime!).toBeGreaterThan(candidates[1].metrics.medianLeadTime!);
    expect(chosen.rule.threshold).toBe(0.8);
    expect(chosen.rule.clearBelow).toBeCloseTo(0.68);
  });

  it('gives up no recall for lead where the caller allows no slack (few failures)', () => {
    const { hosts, failures } = fleet(12, 1);
    expect(chooseAlertingRule(hosts, failures, H, 1, [0.5, 0.8]).chosen.rule.threshold).toBe(0.5);
    expect(
      chooseAlertingRule(hosts, failures, H, 1, [0.5, 0.8], 0.15, { events: 0, share: 0 }).chosen.rule.threshold
    ).toBe(0.8);
  });

  it('over many events, gives up to 2 % of them for lead, and no more', () => {
    // 3 of 203 events (1.5 %) missed at 0.5: within the slack, and 0.5 leads by longer.
    const many = fleet(200, 3);
    const { chosen, candidates } = chooseAlertingRule(many.hosts, many.failures, H, 1, [0.5, 0.8]);
    expect(candidates[0].metrics.detectedEvents).toBe(200);
    expect(candidates[1].metrics.detectedEvents).toBe(203);
    expect(chosen.rule.threshold).toBe(0.5);
    // With one event's slack alone the same fleet keeps 0.8.
    expect(
      chooseAlertingRule(many.hosts, many.failures, H, 1, [0.5, 0.8], 0.15, { events: 1, share: 0 }).chosen.rule
        .threshold
    ).toBe(0.8);
    // 6 of 106 missed (5.7 %): beyond the slack.
    const worse = fleet(100, 6);
    expect(chooseAlertingRule(worse.hosts, worse.failures, H, 1, [0.5, 0.8]).chosen.rule.threshold).toBe(0.8);
  });

  it('falls back to the best event F1 when no threshold keeps the promise', () => {
    // A one-step spike to 1 long before the failure is a false alert at every threshold.
    const spikeThenRamp = (minutesBefore: number) => (minutesBefore === 100 ? 1 : ramp(minutesBefore));
    const base = fleet(4, 2);
    const hosts = [...base.hosts, ...Array.from({ length: 4 }, (_, i) => host(`spike-${i}`, spikeThenRamp))];
    const failures = hosts.map((h) => ({ instance: h.instance, failureMs: FAILURE }));
    const { chosen, candidates } = chooseAlertingRule(hosts, failures, H, 1, [0.5, 0.8]);
    expect(candidates.every((c) => (c.metrics.eventPrecision ?? 0) < 0.9)).toBe(true);
    // 0.5 leads by longer but misses both plateaus (F1 0.67); 0.8 detects all ten (F1 0.83).
    expect(candidates[0].metrics.medianLeadTime!).toBeGreaterThan(candidates[1].metrics.medianLeadTime!);
    expect(chosen.rule.threshold).toBe(0.8);
  });
});
