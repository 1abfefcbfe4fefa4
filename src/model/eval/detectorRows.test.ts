import { detectorFigures, detectorRow } from './detectorRows';

const minute = 60_000;

describe('detector figures on labelled steps', () => {
  // 40 steps; one labelled segment at 20..24; the detector's score peaks at 22..23 and, falsely, at 5.
  const labels = Uint8Array.from({ length: 40 }, (_, k) => (k >= 20 && k <= 24 ? 1 : 0));
  const scores = Float64Array.from({ length: 40 }, (_, k) => (k === 22 || k === 23 ? 0.9 : k === 5 ? 0.7 : 0.1));
  const times = Float64Array.from({ length: 40 }, (_, k) => k * minute);
  const series = { timestampsMs: times, scores, labels };

  it('scores the firing state at the fixed threshold, with and without point-adjust, and events', () => {
    const f = detectorFigures(series, { threshold: 0.8, minDurationSteps: 1, clearBelow: 0.8 }, 15 * minute);
    expect(f.point).toEqual({ tp: 2, fp: 0, fn: 3, tn: 35 });
    expect(f.pointAdjusted).toEqual({ tp: 5, fp: 0, fn: 0, tn: 35 });
    expect(f.events.eventPrecision).toBe(1);
    expect(f.events.eventRecall).toBe(1);
    expect(f.bestPointAdjustedF1).toBe(1);
    const row = detectorRow('d', 'per machine', [f], { wallTimeSeconds: 2, rows: 40 });
    expect(row.pointF1).toBeCloseTo((2 * 1 * 0.4) / 1.4, 12);
    expect(row.pointAdjustedF1).toBe(1);
    expect(row.eventF1).toBe(1);
    expect(row.rowsPerSecond).toBe(20);
  });

  it('counts an alert long before the event as a false alarm; the null detector has no alerts', () => {
    const low = detectorFigures(series, { threshold: 0.6, minDurationSteps: 1, clearBelow: 0.6 }, 5 * minute);
    expect(low.events.alerts).toBe(2);
    expect(low.events.eventPrecision).toBe(0.5);
    const none = detectorFigures(series, null, 15 * minute);
    expect(none.events.alerts).toBe(0);
    expect(none.events.eventRecall).toBe(0);
    expect(none.bestF1).toBeNull();
    expect(detectorRow('null', 'none', [none], { wallTimeSeconds: 1, rows: 40 }).pointF1).toBeNull();
  });
});
