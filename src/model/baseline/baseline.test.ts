import { createRandom } from '../random';
import {
  BaselineFormatError,
  BaselineInputError,
  BaselineOptionsError,
  baselineFromJSON,
  baselineToJSON,
  detectDailySeasonality,
  fitRobustBaseline,
  medianAndMad,
  RobustBaselineParams,
  scoreBaselineBatch,
  scoreBaselineRow,
  timeBucket,
} from '.';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function normals(seed: number): () => number {
  const r = createRandom(seed);
  return () => Math.sqrt(-2 * Math.log(1 - r.float())) * Math.cos(2 * Math.PI * r.float());
}

/** n points every stepMs from 2023-11-14 (a whole day in UTC) with value fn(k). */
function series(n: number, stepMs: number, fn: (k: number) => number) {
  const t0 = 1_699_920_000_000;
  return {
    t: Float64Array.from({ length: n }, (_, k) => t0 + k * stepMs),
    v: Float64Array.from({ length: n }, (_, k) => fn(k)),
  };
}

describe('median and MAD', () => {
  it('match hand computation for odd and even counts', () => {
    // [1, 2, 3, 4, 100]: median 3, |x − 3| = [2, 1, 0, 1, 97] → MAD 1.
    expect(medianAndMad([100, 1, 3, 2, 4])).toEqual({ median: 3, mad: 1.4826 });
    // [1, 2, 3, 4]: median 2.5, |x − 2.5| = [1.5, 0.5, 0.5, 1.5] → MAD 1.
    expect(medianAndMad([4, 3, 2, 1])).toEqual({ median: 2.5, mad: 1.4826 });
    expect(medianAndMad([7, 7, 7])).toEqual({ median: 7, mad: 0 });
  });
});

describe('global baseline', () => {
  // Feature 0: [0, 1, 2, 3, 100] → median 2, MAD 1 → mad 1.4826.
  // Feature 1: constant 5 → mad 0; scale = max(0, 0.01 × 5, 0.05) = 0.05 (absolute floor).
  // Feature 2: constant 1000 → mad 0; scale = max(0, 0.01 × 1000, 0.05) = 10 (relative floor).
  const rows = [0, 1, 2, 3, 100].map((x) => [x, 5, 1000]);
  const { params } = fitRobustBaseline(rows);

  it('fits median and scaled MAD per feature', () => {
    expect(params.global).toEqual({ median: [2, 5, 1000], mad: [1.4826, 0, 0] });
    expect(params.floor).toEqual({ relative: 0.01, absolute: [0.05, 0.05, 0.05], globalFraction: 0.25 });
    expect(params.seasonal).toBeNull();
  });

  it('scores the root mean square of robust z with floors, and shares of the mean square', () => {
    // z = [2, 2, 1] → score sqrt((4 + 4 + 1) / 3) = sqrt(3); shares 4/9, 4/9, 1/9.
    const out = scoreBaselineRow(params, [2 + 2 * 1.4826, 5.1, 1010]);
    expect(out.z[0]).toBeCloseTo(2, 12);
    expect(out.z[1]).toBeCloseTo(2, 12);
    expect(out.z[2]).toBe(1);
    expect(out.score).toBeCloseTo(Math.sqrt(3), 12);
    expect(out.share[0]).toBeCloseTo(4 / 9, 12);
    expect(out.share[1]).toBeCloseTo(4 / 9, 12);
    expect(out.share[2]).toBeCloseTo(1 / 9, 12);
    // The exact float64 recipe, step by step.
    const z = [(2 + 2 * 1.4826 - 2) / 1.4826, (5.1 - 5) / 0.05, (1010 - 1000) / 10];
    expect(out.score).toBe(Math.sqrt((0 + z[0] * z[0] + z[1] * z[1] + z[2] * z[2]) / 3));
  });

  it('leaves masked features out of the score and the shares', () => {
    // Feature 1 masked (its value may be anything): z = [2, 0, 1] over 2 present → sqrt(5 / 2).
    const out = scoreBaselineRow(params, [2 + 2 * 1.4826, NaN, 1010], undefined, [0, 1, 0]);
    expect(out.score).toBeCloseTo(Math.sqrt(2.5), 12);
    expect(Array.from(out.share).map((s) => +s.toFixed(12))).toEqual([0.8, 0, 0.2]);
    const none = scoreBaselineRow(params, [0, 0, 0], undefined, [1, 1, 1]);
    expect(none.score).toBe(0);
    expect(Array.from(none.share)).toEqual([0, 0, 0]);
  });

  it('scores a row at the medians as 0 with all-zero shares', () => {
    const out = scoreBaselineBatch(params, Float64Array.from([2, 5, 1000, 2, 5, 1000]));
    expect(Array.from(out.score)).toEqual([0, 0]);
    expect(Array.from(out.share)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('takes per-feature absolute floors', () => {
    const fit = fitRobustBaseline(rows, { absoluteFloor: [1, 0.5, 20], relativeFloor: 0 });
    // Feature 1: scale 0.5 → z = 0.1 / 0.5; feature 2: scale 20 → z = 0.5.
    const out = scoreBaselineRow(fit.params, [2, 5.1, 1010]);
    expect(out.z[1]).toBeCloseTo(0.2, 12);
    expect(out.z[2]).toBe(0.5);
  });
});

describe('time-of-day buckets', () => {
  it('follows floor(((t mod 1 day) / 1 day) × buckets) exactly at the boundaries', () => {
    expect(timeBucket(0, 288)).toBe(0);
    expect(timeBucket(299_999, 288)).toBe(0);
    expect(timeBucket(300_000, 288)).toBe(1);
    expect(timeBucket(DAY - 1, 288)).toBe(287);
    expect(timeBucket(DAY, 288)).toBe(0);
    expect(timeBucket(-1, 288)).toBe(287); // before 1970 still maps into the day
    expect(timeBucket(1_699_920_000_000 + 13 * HOUR + 0.9, 24)).toBe(13); // fractional ms are floored
  });

  it('agrees with exact integer arithmetic on many timestamps', () => {
    const r = createRandom(5);
    for (const buckets of [1, 7, 24, 288, 1440, 86_400]) {
      for (let k = 0; k < 300; k++) {
        const t = r.int(0, 2 ** 32) * 1000 + r.int(0, 1000);
        const expected = Number(((BigInt(t) % BigInt(DAY)) * BigInt(buckets)) / BigInt(DAY));
        expect(timeBucket(t, buckets)).toBe(expected);
      }
    }
  });
});

describe('detectDailySeasonality', () => {
  it('computes the documented autocorrelations on a hand-checkable series', () => {
    // Step 6 h → L = 4 steps a day; pattern [1, −1, −1, 1] has mean 0 and no linear trend over whole days,
    // so e = x, v = 1, ACF(4) = 1 and ACF(2) = −1 exactly.
    const { t, v } = series(12, 6 * HOUR, (k) => [1, -1, -1, 1][k % 4]);
    expect(detectDailySeasonality(v, t, 6 * HOUR)).toEqual({
      seasonal: true,
      verdict: 'daily-cycle',
      days: 3,
      lagSteps: 4,
      acfDay: 1,
      acfHalfDay: -1,
    });
  });

  const step = 5 * 60_000;
  const perDay = DAY / step;
  const z = normals(3);
  it('finds a daily cycle in noise, with a trend and with gaps', () => {
    const cycle = (k: number) => 2 * Math.sin((2 * Math.PI * k) / perDay);
    const plain = series(7 * perDay, step, (k) => cycle(k) + z());
    expect(detectDailySeasonality(plain.v, plain.t, step).seasonal).toBe(true);
    const trended = series(7 * perDay, step, (k) => 0.01 * k + cycle(k) + z());
    expect(detectDailySeasonality(trended.v, trended.t, step).seasonal).toBe(true);
    const gappy = series(7 * perDay, step, (k) => (k % 10 < 3 ? NaN : cycle(k) + z()));
    expect(detectDailySeasonality(gappy.v, gappy.t, step).seasonal).toBe(true);
    // Business hours: a square wave.
    const office = series(7 * perDay, step, (k) => (k % perDay > 100 && k % perDay < 200 ? 2 : 0) + z());
    expect(detectDailySeasonality(office.v, office.t, step).verdict).toBe('daily-cycle');
  });

  it('rejects noise, drifts, random walks, weekly cycles and short or flat series', () => {
    const noise = series(7 * perDay, step, () => z());
    expect(detectDailySeasonality(noise.v, noise.t, step).verdict).toBe('weak');
    let walk = 0;
    const randomWalk = series(7 * perDay, step, () => (walk += z()));
    expect(detectDailySeasonality(randomWalk.v, randomWalk.t, step).seasonal).toBe(false);
    const weekly = series(14 * perDay, step, (k) => 2 * Math.sin((2 * Math.PI * k) / (7 * perDay)) + z());
    const w = detectDailySeasonality(weekly.v, weekly.t, step);
    expect(w.verdict).toBe('no-contrast'); // ACF(1 day) ≈ 0.41 but ACF(12 h) ≈ 0.57
    const short = series(3 * perDay - 1, step, (k) => 2 * Math.sin((2 * Math.PI * k) / perDay));
    expect(detectDailySeasonality(short.v, short.t, step).verdict).toBe('too-short');
    const ramp = series(4 * perDay, step, (k) => 3 + 0.5 * k);
    expect(detectDailySeasonality(ramp.v, ramp.t, step).verdict).toBe('flat');
    const sparse = series(4 * perDay, step, (k) => (k % perDay < perDay - 10 ? NaN : 1 + z()));
    expect(detectDailySeasonality(sparse.v, sparse.t, step).verdict).toBe('too-sparse');
  });

  it('refuses inputs it cannot place on a grid', () => {
    expect(() => detectDailySeasonality([1, 2], [0, 1], 7 * 60_000)).toThrow(BaselineOptionsError);
    expect(() => detectDailySeasonality([1, 2], [0], step)).toThrow(/2 values but 1 timestamps/);
    expect(() => detectDailySeasonality([1, 2, 3], [0, step, step], step)).toThrow(/timestamp 2 .* does not advance/);
    expect(() => detectDailySeasonality([1, Infinity], [0, step], step)).toThrow(
      /value 1 is Infinity; use NaN for a gap/
    );
  });
});

describe('seasonal baseline', () => {
  // Two 12-hour buckets, minPoints 3. Feature 0 is seasonal; feature 1 is not.
  // Bucket 0 (00–12 h): feature 0 = [10, 11, 12] → median 11, mad 1.4826.
  // Bucket 1 (12–24 h): only [20, 21] → falls back to the global [10, 11, 12, 20, 21]: median 12,
  //   |x − 12| = [2, 1, 0, 8, 9] → MAD 2 → mad 2.9652.
  const t = [1, 2, 3, 13, 14].map((h) => 1_699_920_000_000 + h * HOUR);
  const rows = [10, 11, 12, 20, 21].map((x, i) => [x, i]);
  const fit = (globalFraction?: number) =>
    fitRobustBaseline(rows, { timestampsMs: t, seasonal: [0], buckets: 2, minPoints: 3, globalFraction }).params;

  it('fits per-bucket median/MAD and falls back to the global ones where a bucket is thin', () => {
    const p = fit();
    expect(p.global.median).toEqual([12, 2]);
    expect(p.global.mad[0]).toBeCloseTo(2.9652, 12);
    expect(p.seasonal).toEqual({
      periodMs: DAY,
      buckets: 2,
      minPoints: 3,
      features: [0],
      count: [3, 2],
      median: [11, 12],
      mad: [1.4826, p.global.mad[0]],
    });
  });

  it('scores against the bucket of each timestamp', () => {
    const p = fit();
    const out = scoreBaselineBatch(
      p,
      [
        [11 + 3 * 1.4826, 2],
        [12 + 2.9652, 2],
        [12 + 2.9652, 2],
      ],
      { timestampsMs: [t[0], t[3], 1_699_920_000_000 - HOUR] } // the last is 23:00 the day before → bucket 1
    );
    expect(out.z[0]).toBeCloseTo(3, 12);
    expect(out.z[2]).toBeCloseTo(1, 12);
    expect(out.z[4]).toBeCloseTo(1, 12);
    expect(out.score[0]).toBeCloseTo(Math.sqrt(9 / 2), 12);
  });

  it("floors a bucket's scale at globalFraction × the global mad", () => {
    // 0.6 × 2.9652 = 1.77912 > 1.4826, so bucket 0's scale becomes 1.77912.
    const out = scoreBaselineRow(fit(0.6), [11 + 1.77912, 2], t[0]);
    expect(out.z[0]).toBeCloseTo(1, 12);
  });

  it('detects seasonal features automatically', () => {
    const step = 5 * 60_000;
    const perDay = DAY / step;
    const z = normals(9);
    const { t: ts } = series(7 * perDay, step, () => 0);
    const data = Array.from(ts, (_, k) => [50 + 20 * Math.sin((2 * Math.PI * k) / perDay) + z(), z()]);
    const result = fitRobustBaseline(data, { timestampsMs: ts });
    expect(result.detection.map((d) => d?.verdict)).toEqual(['daily-cycle', 'weak']);
    const s = result.params.seasonal!;
    expect(s.features).toEqual([0]);
    expect(s.buckets).toBe(288);
    expect(s.count.every((c) => c === 7)).toBe(true); // 7 days × one 5-minute point per bucket
    // minPoints 10 > 7: every bucket falls back, so pass minPoints 5 to get a real profile.
    const profiled = fitRobustBaseline(data, { timestampsMs: ts, minPoints: 5 }).params.seasonal!;
    expect(profiled.median[72]).toBeGreaterThan(65); // 06:00, the sine's peak (50 + 20)
    expect(profiled.median[216]).toBeLessThan(35); // 18:00, its trough
  });
});

describe('serialised form', () => {
  const z = normals(4);
  const t = Array.from({ length: 2000 }, (_, k) => 1_699_920_000_000 + k * 60_000);
  const rows = t.map(() => [z(), 3 * z() + 10, 7]);
  const { params } = fitRobustBaseline(rows, { timestampsMs: t, seasonal: [1], buckets: 24, minPoints: 50 });

  it('round-trips through JSON text to identical scores', () => {
    const parsed = baselineFromJSON(JSON.parse(JSON.stringify(baselineToJSON(params))), 3);
    expect(parsed).toEqual(params);
    const probe = rows.map((r) => r.map((v) => v + 0.5));
    expect(scoreBaselineBatch(parsed, probe, { timestampsMs: t })).toEqual(
      scoreBaselineBatch(params, probe, { timestampsMs: t })
    );
  });

  const cases: Array<[string, (p: RobustBaselineParams & Record<string, unknown>) => void, RegExp]> = [
    ['another kind', (p) => ((p as { kind: string }).kind = 'x'), /kind: expected "robust-baseline"/],
    ['another version', (p) => ((p as { version: number }).version = 2), /version: this runtime reads version 1/],
    [
      'a NaN median (null in JSON)',
      (p) => ((p.global.median as unknown[])[1] = null),
      /global.median\[1\]: expected a finite number, got null/,
    ],
    ['a negative MAD', (p) => (p.global.mad[0] = -1), /global.mad\[0\]: expected a finite number >= 0/],
    ['a zero absolute floor', (p) => (p.floor.absolute[2] = 0), /floor.absolute\[2\]: expected a finite number > 0/],
    ['a short median array', (p) => p.global.median.pop(), /global.median: expected an array of 3 numbers/],
    [
      'a seasonal feature out of range',
      (p) => (p.seasonal!.features = [3]),
      /seasonal.features\[0\]: expected a feature index below 3/,
    ],
    [
      'a bucket table of the wrong size',
      (p) => p.seasonal!.mad.push(1),
      /seasonal.mad: expected an array of 24 numbers/,
    ],
    ['a bucket count that breaks exact arithmetic', (p) => (p.seasonal!.buckets = DAY + 1), /seasonal.buckets/],
  ];
  it.each(cases)('refuses %s', (_, corrupt, message) => {
    const json = JSON.parse(JSON.stringify(params));
    corrupt(json);
    expect(() => baselineFromJSON(JSON.parse(JSON.stringify(json)))).toThrow(BaselineFormatError);
    expect(() => baselineFromJSON(JSON.parse(JSON.stringify(json)))).toThrow(message);
  });

  it('refuses a feature count other than the model declares', () => {
    expect(() => baselineFromJSON(params, 4)).toThrow(/fitted on 3 features but the model declares 4/);
  });
});

describe('bad input', () => {
  it('names the row and column of a non-finite value', () => {
    try {
      fitRobustBaseline([
        [1, 2],
        [3, NaN],
      ]);
      throw new Error('expected a throw');
    } catch (e) {
      expect(e).toBeInstanceOf(BaselineInputError);
      expect((e as BaselineInputError).row).toBe(1);
      expect((e as BaselineInputError).column).toBe(1);
      expect((e as Error).message).toMatch(/baseline fit: row 1, column 1 is NaN; mark missing values in the mask/);
    }
    const { params } = fitRobustBaseline([[1, 2]]);
    expect(() => scoreBaselineRow(params, [Infinity, 2])).toThrow(/baseline scoring: row 0, column 0 is Infinity/);
    expect(() => scoreBaselineRow(params, [1, 2, 3])).toThrow(/row 0 has 3 values, expected 2 features/);
  });

  it('fits around masked values, and refuses a feature with none present', () => {
    const { params } = fitRobustBaseline(
      [
        [1, NaN],
        [3, 4],
        [5, 6],
      ],
      { missing: [0, 1, 0, 0, 0, 0] }
    );
    expect(params.global.median).toEqual([3, 5]);
    expect(() =>
      fitRobustBaseline(
        [
          [1, 0],
          [2, 0],
        ],
        { missing: [0, 1, 0, 1] }
      )
    ).toThrow(/feature 1 has no present values/);
    expect(() => fitRobustBaseline([[1]], { missing: [0, 0] })).toThrow(/mask has 2 entries, expected 1 × 1/);
  });

  it('needs timestamps for a seasonal model and sane options', () => {
    const t = [0, HOUR, 13 * HOUR];
    const { params } = fitRobustBaseline([[1], [2], [3]], { timestampsMs: t, seasonal: [0], buckets: 2, minPoints: 1 });
    expect(() => scoreBaselineRow(params, [1])).toThrow(/needs one timestamp per row \(1\), got none/);
    expect(() => fitRobustBaseline([[1]], { seasonal: [0] })).toThrow(/needs timestampsMs/);
    expect(() => fitRobustBaseline([[1], [2]], { timestampsMs: [0, 1], seasonal: [1] })).toThrow(BaselineOptionsError);
    expect(() => fitRobustBaseline([[1]], { absoluteFloor: 0 })).toThrow(/absoluteFloor must be a positive number/);
    expect(() => fitRobustBaseline([[1]], { relativeFloor: -1 })).toThrow(/relativeFloor/);
    expect(() => fitRobustBaseline([[1], [2]], { timestampsMs: [0, NaN], seasonal: [0] })).toThrow(
      /timestamp of row 1 is NaN/
    );
    expect(() => fitRobustBaseline([])).toThrow(/at least one row/);
  });
});
