import { formatFigure, formatKindFigures, modelFigures, versionsQuery } from './modelFigures';

describe('modelFigures', () => {
  test('reads the shipped rule row of the held-out scenario table', () => {
    const figures = modelFigures({
      scenarios: {
        dataset: 'held-out fleet',
        rows: [
          {
            detector: 'ensemble',
            eventPrecision: 0.49,
            eventRecall: 0.84,
            falsePositiveRate: 0.02,
            medianLeadMinutes: 10.5,
          },
          { detector: 'residual alone', eventPrecision: 0.66 },
        ],
      },
      calibrationFleet: { eventPrecision: 0.1 },
    });
    expect(figures).toEqual({
      source: 'held-out fleet — ensemble',
      eventPrecision: 0.49,
      eventRecall: 0.84,
      falsePositiveRate: 0.02,
      medianLeadMinutes: 10.5,
    });
  });

  test('reads the per-kind breakdown, and drops only it when it is malformed', () => {
    const rows = [{ eventPrecision: 0.89, medianLeadMinutes: 9.3 }];
    const figures = modelFigures({
      scenarios: {
        rows,
        byFailureKind: [
          { kind: 'cpu_runaway', events: 13, detected: 13, medianLeadMinutes: 12.5 },
          { kind: 'network_saturation', events: 2, detected: 0, medianLeadMinutes: null },
        ],
      },
    });
    expect(figures?.byKind).toEqual([
      { kind: 'cpu_runaway', events: 13, detected: 13, medianLeadMinutes: 12.5 },
      { kind: 'network_saturation', events: 2, detected: 0, medianLeadMinutes: undefined },
    ]);
    expect(figures?.byKind?.map(formatKindFigures)).toEqual([
      'cpu_runaway 13/13 · 12.5 min',
      'network_saturation 0/2 · not caught',
    ]);

    const malformed = modelFigures({ scenarios: { rows, byFailureKind: [{ kind: 'disk_fill', events: -1 }] } });
    expect(malformed?.eventPrecision).toBe(0.89);
    expect(malformed?.byKind).toBeUndefined();
  });

  test('falls back to the calibration fleet, converting the lead time from ms to minutes', () => {
    expect(
      modelFigures({
        calibrationFleet: { eventPrecision: 0.5, eventRecall: 0.9, falsePositiveRate: 0.01, medianLeadTime: 540000 },
      })
    ).toEqual({
      source: 'calibration fleet',
      eventPrecision: 0.5,
      eventRecall: 0.9,
      falsePositiveRate: 0.01,
      medianLeadMinutes: 9,
    });
  });

  test('null figures stay unknown instead of becoming 0', () => {
    const figures = modelFigures({ scenarios: { rows: [{ eventPrecision: null, eventRecall: 0.5 }] } });
    expect(figures?.eventPrecision).toBeUndefined();
    expect(figures?.eventRecall).toBe(0.5);
  });

  test.each([undefined, {}, { scenarios: { rows: [] } }, { scenarios: 'x' }])('no figures for %p', (evaluation) => {
    expect(modelFigures(evaluation as Record<string, unknown> | undefined)).toBeUndefined();
  });
});

test('formatFigure shows unknown figures as a dash', () => {
  expect(formatFigure(undefined)).toBe('—');
  expect(formatFigure(0.4921)).toBe('0.492');
  expect(formatFigure(10.5, 1)).toBe('10.5');
});

test('versionsQuery escapes commas so each version stays one option', () => {
  expect(versionsQuery(['a', 'b,c'])).toBe('a,b\\,c');
});
