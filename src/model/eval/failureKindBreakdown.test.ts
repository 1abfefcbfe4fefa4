import { breakdownByKind, formatKindBreakdown } from './failureKindBreakdown';

const MIN = 60_000;
const times = Float64Array.from({ length: 121 }, (_, k) => k * MIN); // two hours, one point a minute

/** A risk series at 1 from `from` to `to` minutes (inclusive), 0 elsewhere. */
function riskOn(from: number, to: number): Float64Array {
  return Float64Array.from(times, (t) => (t >= from * MIN && t <= to * MIN ? 1 : 0));
}

describe('breakdownByKind', () => {
  const rule = { threshold: 0.5, minDurationSteps: 2, clearBelow: 0.5 };
  const H = 15 * MIN;
  const hosts = [
    { instance: 'a', timestampsMs: times, risk: riskOn(20, 40) }, // fires at minute 21 (second step)
    { instance: 'b', timestampsMs: times, risk: riskOn(95, 100) }, // fires at 96, after b's leak at 90
    { instance: 'c', timestampsMs: times, risk: riskOn(60, 70) }, // fires at 61
  ];
  const failures = [
    { instance: 'a', kind: 'disk_fill', failureMs: 30 * MIN },
    { instance: 'b', kind: 'memory_leak', failureMs: 90 * MIN },
    { instance: 'c', kind: 'memory_leak', failureMs: 80 * MIN },
    { instance: 'c', kind: 'disk_fill', failureMs: 500 * MIN }, // outside c's range: not counted
  ];

  it('gives recall and lead per kind, counting each alert from the step it fires', () => {
    const byKind = breakdownByKind(hosts, failures, rule, H);
    expect(byKind.map((b) => b.kind)).toEqual(['disk_fill', 'memory_leak']);
    expect(byKind[0]).toMatchObject({ events: 1, detected: 1, leadMinutes: [9], medianLeadMinutes: 9 });
    expect(byKind[1]).toMatchObject({ events: 2, detected: 1, leadMinutes: [null, 19], medianLeadMinutes: 19 });
    expect(byKind.map(formatKindBreakdown)).toEqual([
      'disk_fill 1/1 detected, median lead 9.0 min',
      'memory_leak 1/2 detected, median lead 19.0 min',
    ]);
  });

  it('says so when a kind is never caught', () => {
    const [b] = breakdownByKind([hosts[1]], [failures[1]], { ...rule, threshold: 2, clearBelow: 2 }, H);
    expect(formatKindBreakdown(b)).toBe('memory_leak 0/1 detected, no lead');
  });
});
