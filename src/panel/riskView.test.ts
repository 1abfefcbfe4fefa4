import { appendPoints, effectiveRule, MAX_PANEL_STEPS, previewThreshold, rangeProblem, rankHosts, withThreshold } from './riskView';

const RULE = { threshold: 0.8, minDurationSteps: 2, clearBelow: 0.6 };
const T = [0, 15_000, 30_000, 45_000, 60_000, 75_000];
const host = (instance: string, risk: number[]) => ({ instance, timestampsMs: T, risk, contributions: risk.map(() => []) });

describe('risk view', () => {
  const hosts = [host('a', [0.1, 0.2, 0.3, 0.2, 0.1, 0.1]), host('b', [0.1, 0.9, 0.9, 0.7, 0.5, 0.3]), host('c', [0.1, 0.1, 0.1, 0.2, 0.5, 0.6])];

  it('ranks by current risk, peak risk or name and cuts to the hosts shown', () => {
    expect(rankHosts(hosts, RULE, 'currentRisk', 10).map((h) => h.instance)).toEqual(['c', 'b', 'a']);
    expect(rankHosts(hosts, RULE, 'peakRisk', 2).map((h) => h.instance)).toEqual(['b', 'c']);
    expect(rankHosts(hosts, RULE, 'name', 10).map((h) => h.instance)).toEqual(['a', 'b', 'c']);
    const b = rankHosts(hosts, RULE, 'peakRisk', 1)[0];
    expect(b.peakRisk).toBe(0.9);
    expect(b.episodes).toEqual([{ firedIndex: 2, pendingIndex: 1, endIndex: 3, peakRisk: 0.9 }]);
  });

  it('keeps the model rule unless a custom threshold is chosen, then keeps its duration and relative hysteresis', () => {
    expect(effectiveRule(RULE, { thresholdSource: 'model', threshold: 0.3 })).toBe(RULE);
    const custom = effectiveRule(RULE, { thresholdSource: 'custom', threshold: 0.4 });
    expect(custom).toMatchObject({ threshold: 0.4, minDurationSteps: 2 });
    expect(custom.clearBelow).toBeCloseTo(0.3, 12);
  });

  it('previews the alerts a threshold would have raised, in time order', () => {
    expect(previewThreshold(hosts, RULE, 0.95).episodes).toEqual([]);
    const low = previewThreshold(hosts, RULE, 0.5);
    expect(low.episodes.map((e) => [e.instance, e.firedMs])).toEqual([
      ['b', 30_000],
      ['c', 75_000],
    ]);
    expect(withThreshold(RULE, 0.5).clearBelow).toBeCloseTo(0.375);
  });

  it('appends live points once and drops what left the range', () => {
    const next = appendPoints(
      host('a', [0.1, 0.2, 0.3, 0.2, 0.1, 0.1]),
      [
        { timestampMs: 75_000, risk: 0.99, contributions: [] },
        { timestampMs: 90_000, risk: 0.4, contributions: [{ feature: 'memory_used', share: 1 }] },
      ],
      30_000
    );
    expect(next.timestampsMs).toEqual([30_000, 45_000, 60_000, 75_000, 90_000]);
    expect(next.risk).toEqual([0.3, 0.2, 0.1, 0.1, 0.4]);
    expect(next.contributions[4]).toEqual([{ feature: 'memory_used', share: 1 }]);
  });
});

describe('rangeProblem', () => {
  it('accepts ranges the browser computes and explains the limit past them', () => {
    expect(rangeProblem(0, 6 * 3600_000, 15)).toBeUndefined();
    expect(rangeProblem(0, MAX_PANEL_STEPS * 15_000, 15)).toBeUndefined();
    const message = rangeProblem(0, 30 * 24 * 3600_000, 15);
    expect(message).toContain('172,800 steps of 15 s');
    expect(message).toContain('at most 10,000 (42 h)');
  });
});
