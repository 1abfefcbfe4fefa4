import {
  alertsFromCondition,
  DEFAULT_HORIZON_MS,
  eventsFromFailures,
  eventsFromLabels,
  eventsFromNabWindows,
  maximalRuns,
  MINUTE_MS,
  parseNabTimestamp,
  stepTimes,
} from './events';

describe('maximalRuns', () => {
  it('finds runs at the start, middle and end, inclusive', () => {
    expect(maximalRuns([1, 1, 0, 0, 1, 0, 1])).toEqual([
      { startIndex: 0, endIndex: 1 },
      { startIndex: 4, endIndex: 4 },
      { startIndex: 6, endIndex: 6 },
    ]);
  });

  it('returns nothing for empty and all-zero input, one run for all ones', () => {
    expect(maximalRuns([])).toEqual([]);
    expect(maximalRuns([0, 0, 0])).toEqual([]);
    expect(maximalRuns(Uint8Array.from([1, 1, 1]))).toEqual([{ startIndex: 0, endIndex: 2 }]);
  });

  it('treats booleans like 0/1 and NaN as unflagged', () => {
    expect(maximalRuns([false, true, true, false])).toEqual([{ startIndex: 1, endIndex: 2 }]);
    expect(maximalRuns([1, Number.NaN, 1])).toEqual([
      { startIndex: 0, endIndex: 0 },
      { startIndex: 2, endIndex: 2 },
    ]);
  });
});

describe('stepTimes', () => {
  it('spaces steps evenly from the origin', () => {
    expect(Array.from(stepTimes(3, MINUTE_MS, 1000))).toEqual([1000, 61_000, 121_000]);
    expect(stepTimes(0, MINUTE_MS).length).toBe(0);
  });
});

describe('eventsFromLabels', () => {
  it('turns each run of label 1 into [s, e] with s as onset (SMD: row i is minute i)', () => {
    const labels = [0, 1, 1, 0, 0, 1];
    expect(eventsFromLabels(labels, stepTimes(labels.length, MINUTE_MS))).toEqual([
      { startIndex: 1, endIndex: 2, start: 60_000, end: 120_000, onset: 60_000 },
      { startIndex: 5, endIndex: 5, start: 300_000, end: 300_000, onset: 300_000 },
    ]);
  });

  it('has no events for all-zero labels and rejects a time per step mismatch', () => {
    expect(eventsFromLabels([0, 0, 0], [0, 1, 2])).toEqual([]);
    expect(() => eventsFromLabels([0, 1], [0])).toThrow(/labels has 2 steps but times has 1/);
  });
});

describe('eventsFromFailures', () => {
  it('makes [f - H, f] with f as onset', () => {
    expect(eventsFromFailures([100 * MINUTE_MS], DEFAULT_HORIZON_MS)).toEqual([
      { start: 85 * MINUTE_MS, end: 100 * MINUTE_MS, onset: 100 * MINUTE_MS },
    ]);
    expect(eventsFromFailures([], DEFAULT_HORIZON_MS)).toEqual([]);
  });
});

describe('NAB windows', () => {
  it('parses label and data timestamps as UTC', () => {
    expect(parseNabTimestamp('2014-04-10 07:15:00.000000')).toBe(Date.UTC(2014, 3, 10, 7, 15, 0));
    expect(parseNabTimestamp('2014-04-10 07:15:00')).toBe(Date.UTC(2014, 3, 10, 7, 15, 0));
    expect(parseNabTimestamp('2014-04-10 07:15:00.250000')).toBe(Date.UTC(2014, 3, 10, 7, 15, 0, 250));
    expect(() => parseNabTimestamp('10/04/2014 07:15')).toThrow(/is not "YYYY-MM-DD HH:MM:SS/);
  });

  it('makes one event per window', () => {
    const events = eventsFromNabWindows([['2014-04-10 07:15:00.000000', '2014-04-11 16:45:00.000000']]);
    const start = Date.UTC(2014, 3, 10, 7, 15);
    expect(events).toEqual([{ start, end: Date.UTC(2014, 3, 11, 16, 45), onset: start }]);
    expect(eventsFromNabWindows([])).toEqual([]);
  });
});

describe('alertsFromCondition', () => {
  it('times each maximal run of the condition at its first step', () => {
    const times = [10, 20, 30, 40, 50];
    expect(alertsFromCondition([false, true, true, false, true], times)).toEqual([
      { startIndex: 1, endIndex: 2, time: 20 },
      { startIndex: 4, endIndex: 4, time: 50 },
    ]);
    expect(alertsFromCondition([], [])).toEqual([]);
    expect(() => alertsFromCondition([true], [])).toThrow(/alert condition has 1 steps/);
  });
});
