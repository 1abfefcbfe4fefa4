import {
  acceptanceWindows,
  eventDetection,
  eventMetrics,
  falsePositiveRate,
  median,
  poolEventMetrics,
} from './eventMetrics';
import { EvalEvent, eventsFromFailures, stepTimes } from './events';

// Times in minutes (one step a minute), H = 15.
const H = 15;
const ev = (start: number, end: number): EvalEvent => ({ start, end, onset: start });

function conditionWithRuns(length: number, runs: Array<[number, number]>): Uint8Array {
  const c = new Uint8Array(length);
  for (const [a, b] of runs) {
    c.fill(1, a, b + 1);
  }
  return c;
}

describe('eventMetrics', () => {
  // Events [100, 110] and [200, 200]; acceptance windows [85, 110] and [185, 200].
  const events = [ev(100, 110), ev(200, 200)];
  const times = stepTimes(300, 1);
  // Alerts at 50 (before any window), 85 (exactly s - H), 105 (second alert of event 1), 250 (after all).
  const condition = conditionWithRuns(300, [
    [50, 52],
    [85, 87],
    [105, 108],
    [250, 251],
  ]);
  const m = eventMetrics(events, condition, times, H);

  it('counts alerts by their first step against [s - H, e]', () => {
    expect(m.alerts).toBe(4);
    expect(m.matchedAlerts).toBe(2);
    expect(m.eventPrecision).toBe(0.5);
    expect(m.detectedEvents).toBe(1);
    expect(m.eventRecall).toBe(0.5);
  });

  it('measures lead from the first matching alert; an alert at s - H has lead exactly H', () => {
    expect(m.leadTimes).toEqual([15, null]);
    expect(m.medianLeadTime).toBe(15);
    expect(m.leadAtLeastHorizon).toBe(1);
    expect(m.leadAtLeastHorizonShare).toBe(1);
  });

  it('computes FPR over steps outside every [s - H, e]', () => {
    // Outside: 300 - 26 - 16 = 258 steps; flagged there: 50..52 and 250..251.
    expect(m.stepsOutside).toBe(258);
    expect(m.flaggedOutside).toBe(5);
    expect(m.falsePositiveRate).toBeCloseTo(5 / 258, 12);
  });

  it('does not match an alert one step before s - H', () => {
    const r = eventDetection([ev(100, 110)], [84], H);
    expect(r.eventPrecision).toBe(0);
    expect(r.eventRecall).toBe(0);
    expect(r.leadTimes).toEqual([null]);
  });

  it('matches an alert at e, with negative lead', () => {
    const r = eventDetection([ev(100, 110)], [110], H);
    expect(r.eventPrecision).toBe(1);
    expect(r.leadTimes).toEqual([-10]);
    expect(r.leadAtLeastHorizonShare).toBe(0);
  });

  it('counts an alert that fired before s - H and is still on as a false alarm', () => {
    const r = eventMetrics([ev(100, 110)], conditionWithRuns(200, [[80, 104]]), stepTimes(200, 1), H);
    expect(r.alerts).toBe(1);
    expect(r.eventPrecision).toBe(0);
    expect(r.eventRecall).toBe(0);
    // Only 80..84 lie outside [85, 110]: 5 flagged of 200 - 26.
    expect(r.flaggedOutside).toBe(5);
    expect(r.stepsOutside).toBe(174);
  });

  it('lets one alert detect two events whose windows overlap, and counts it once', () => {
    // Windows [85, 110] and [97, 120] overlap; the alert at 100 lies in both.
    const r = eventDetection([ev(100, 110), ev(112, 120)], [100], H);
    expect(r.eventPrecision).toBe(1);
    expect(r.eventRecall).toBe(1);
    expect(r.leadTimes).toEqual([0, 12]);
    expect(r.medianLeadTime).toBe(6);
    expect(r.leadAtLeastHorizonShare).toBe(0);
  });

  it('counts overlapping windows once in the FPR denominator', () => {
    const r = falsePositiveRate([ev(100, 110), ev(112, 120)], new Uint8Array(200), stepTimes(200, 1), H);
    // Union [85, 120] = 36 steps.
    expect(r.stepsOutside).toBe(164);
    expect(r.falsePositiveRate).toBe(0);
  });

  it('reports precision as null (not 0 or 1) when nothing alerts', () => {
    const r = eventMetrics(events, new Uint8Array(300), times, H);
    expect(r.alerts).toBe(0);
    expect(r.eventPrecision).toBeNull();
    expect(r.eventRecall).toBe(0);
    expect(r.medianLeadTime).toBeNull();
    expect(r.leadAtLeastHorizonShare).toBeNull();
    expect(r.falsePositiveRate).toBe(0);
  });

  it('reports recall as null with no events; every alert is then a false alarm', () => {
    const r = eventMetrics([], conditionWithRuns(10, [[2, 3]]), stepTimes(10, 1), H);
    expect(r.eventRecall).toBeNull();
    expect(r.eventPrecision).toBe(0);
    expect(r.falsePositiveRate).toBeCloseTo(0.2, 12);
  });

  it('reports everything undefined for an empty series', () => {
    const r = eventMetrics([], [], [], H);
    expect(r).toMatchObject({
      events: 0,
      alerts: 0,
      eventPrecision: null,
      eventRecall: null,
      medianLeadTime: null,
      falsePositiveRate: null,
    });
  });

  it('reports FPR null when every step is inside an acceptance window', () => {
    expect(falsePositiveRate([ev(0, 9)], new Uint8Array(10), stepTimes(10, 1), H).falsePositiveRate).toBeNull();
  });

  it('uses f for s with failure scenarios: lead = f - alert time', () => {
    // f = 100: event [85, 100], alerts accepted in [70, 100].
    const failures = eventsFromFailures([100], H);
    expect(acceptanceWindows(failures, H)).toEqual([{ start: 70, end: 100 }]);
    const r = eventDetection(failures, [80], H);
    expect(r.leadTimes).toEqual([20]);
    expect(r.leadAtLeastHorizonShare).toBe(1);
  });

  it('rejects a negative horizon and an event that ends before it starts', () => {
    expect(() => eventDetection([], [], -1)).toThrow(/horizon -1/);
    expect(() => eventDetection([ev(10, 5)], [], H)).toThrow(/event 0 ends/);
  });
});

describe('poolEventMetrics', () => {
  it('sums counts and recomputes ratios (micro average)', () => {
    const a = eventMetrics([ev(100, 110)], conditionWithRuns(200, [[90, 91]]), stepTimes(200, 1), H);
    const b = eventMetrics(
      [ev(50, 60)],
      conditionWithRuns(200, [
        [10, 10],
        [150, 150],
      ]),
      stepTimes(200, 1),
      H
    );
    const pooled = poolEventMetrics([a, b]);
    expect(pooled.alerts).toBe(3);
    expect(pooled.eventPrecision).toBeCloseTo(1 / 3, 12);
    expect(pooled.eventRecall).toBe(0.5);
    expect(pooled.leadTimes).toEqual([10, null]);
    expect(pooled.medianLeadTime).toBe(10);
    expect(pooled.stepsOutside).toBe(174 + 174);
    expect(pooled.falsePositiveRate).toBeCloseTo(2 / 348, 12);
    expect(() => poolEventMetrics([])).toThrow(/at least one/);
  });
});

describe('median', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([])).toBeNull();
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});
