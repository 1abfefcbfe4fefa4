import { formatInterval, wilsonInterval } from './uncertainty';

describe('wilsonInterval', () => {
  // Reference: statsmodels.stats.proportion.proportion_confint(method='wilson'), 95 %.
  it.each([
    [36, 43, 0.7002759410625283, 0.91883372652938],
    [36, 37, 0.8617593013626947, 0.9952130255480593],
    [0, 10, 0, 0.27753279986288926],
    [10, 10, 0.7224672001371106, 1],
    [1, 2, 0.09453120573423068, 0.9054687942657693],
  ])('%i of %i', (successes, trials, low, high) => {
    const interval = wilsonInterval(successes, trials)!;
    expect(interval.estimate).toBeCloseTo(successes / trials, 12);
    expect(interval.low).toBeCloseTo(low, 12);
    expect(interval.high).toBeCloseTo(high, 12);
  });

  it('has no interval without trials and refuses what is not a count', () => {
    expect(wilsonInterval(0, 0)).toBeNull();
    expect(() => wilsonInterval(5, 4)).toThrow(/not a count/);
    expect(() => wilsonInterval(1.5, 4)).toThrow(/not a count/);
    expect(() => wilsonInterval(-1, 4)).toThrow(/not a count/);
  });

  it('formats for a table note', () => {
    expect(formatInterval(wilsonInterval(36, 43))).toBe('36/43 = 0.837 (95 % interval 0.700–0.919)');
    expect(formatInterval(null)).toBe('no trials');
  });
});
