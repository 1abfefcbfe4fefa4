import { rollingRobustZ } from './rollingRobust';

describe('causal rolling robust z', () => {
  it('standardises by the median and MAD of the past window only', () => {
    // Past of t = 5 is [1, 2, 3, 4, 5]: median 3, MAD 1, scale 1.4826.
    const x = [1, 2, 3, 4, 5, 9];
    const z = rollingRobustZ(x, { window: 5, minSamples: 3, clip: 100 });
    expect(Array.from(z.subarray(0, 3))).toEqual([0, 0, 0]);
    // t = 3: past [1, 2, 3], median 2, MAD 1.
    expect(z[3]).toBeCloseTo((4 - 2) / 1.4826, 12);
    expect(z[5]).toBeCloseTo((9 - 3) / 1.4826, 12);
  });

  it('does not look ahead: changing later values leaves earlier z unchanged', () => {
    const a = Array.from({ length: 50 }, (_, i) => Math.sin(i) * 3 + i * 0.1);
    const b = [...a.slice(0, 30), ...a.slice(30).map((v) => v + 1000)];
    const za = rollingRobustZ(a, { window: 10, minSamples: 4, clip: 10 });
    const zb = rollingRobustZ(b, { window: 10, minSamples: 4, clip: 10 });
    expect(Array.from(zb.subarray(0, 31))).toEqual(Array.from(za.subarray(0, 31)).map((v, i) => (i === 30 ? zb[30] : v)));
    expect(zb[30]).toBe(10); // the jump itself is clipped
  });

  it('follows a level shift: after a window the new level is normal again', () => {
    const x = Array.from({ length: 100 }, (_, i) => (i < 50 ? 0 : 100) + ((i * 7) % 5));
    const z = rollingRobustZ(x, { window: 20, minSamples: 5, clip: 10 });
    expect(z[50]).toBe(10);
    expect(Math.max(...Array.from(z.subarray(75)).map(Math.abs))).toBeLessThan(3);
  });

  it('falls back to the mean absolute deviation, then a tiny floor, on flat stretches', () => {
    // Past [0, 0, 0, 0, 4]: median 0, MAD 0, mean |dev| 0.8.
    const z = rollingRobustZ([0, 0, 0, 0, 4, 2], { window: 5, minSamples: 5, clip: 100 });
    expect(z[5]).toBeCloseTo(2 / (1.2533 * 0.8), 12);
    const flat = rollingRobustZ([5, 5, 5, 5, 6], { window: 4, minSamples: 4, clip: 10 });
    expect(flat[4]).toBe(10);
    expect(() => rollingRobustZ([1], { window: 0, minSamples: 1, clip: 1 })).toThrow(/window/);
  });
});
