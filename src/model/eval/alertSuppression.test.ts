import { suppressAlerts, suppressionRows } from './alertSuppression';

describe('alert suppression', () => {
  it('drops alerts that start within the suppression window of the last kept alert', () => {
    //              0  1  2  3  4  5  6  7  8  9 10 11
    const firing = [1, 1, 0, 1, 0, 0, 1, 1, 0, 0, 0, 1];
    // Onsets 0, 3, 6, 11; window 5 rows: 3 is dropped (3 − 0 ≤ 5), 6 kept (6 − 0 > 5), 11 − 6 = 5 dropped.
    expect(Array.from(suppressAlerts(firing, 5))).toEqual([1, 1, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0]);
  });

  it('keeps a long run whole and measures from kept onsets only', () => {
    const firing = [0, 1, 1, 1, 1, 1, 0, 1, 0, 1];
    // Run at 1 kept (to 5); 7 is within 6 rows of 1: dropped; 9 − 1 = 8 > 6: kept.
    expect(Array.from(suppressAlerts(firing, 6))).toEqual([0, 1, 1, 1, 1, 1, 0, 0, 0, 1]);
    // Window 0 changes nothing.
    expect(Array.from(suppressAlerts(firing, 0))).toEqual(firing);
  });

  it('sizes the window as a fraction of the file', () => {
    expect(suppressionRows(4032, 0.05)).toBe(202);
    expect(suppressionRows(3, 0.05)).toBe(1);
  });
});
