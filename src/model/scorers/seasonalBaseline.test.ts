import fs from 'node:fs';
import path from 'node:path';
import { sentinelJsonSchema } from '../artifact/sentinelJson';
import { chunkComponents, RowScorer } from '../risk/componentScores';
import { mulberry32 } from '../seededRandom';
import { sampleRows } from '../training/trainModel';
import { baselineScorerFromParams, rowScorerKit } from './kit';
import { fitRobustBaseline, MAD_FLOOR, robustBaselineScorer } from './robustBaseline';
import { detectDailyCycle, fitSeasonalBaseline, parseSeasonalBaseline, seasonalBaselineScorer } from './seasonalBaseline';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2026, 10, 20);

/** Rows every `stepMs` for `days` days: feature 0 follows the hour of the day (sin), feature 1 is noise. */
function cyclicRows(days: number, stepMs: number, amplitude: number, seed = 1) {
  const random = mulberry32(seed);
  const rows: Float64Array[] = [];
  const times: number[] = [];
  for (let t = T0; t < T0 + days * DAY; t += stepMs) {
    const phase = (2 * Math.PI * (t % DAY)) / DAY;
    rows.push(Float64Array.from([amplitude * Math.sin(phase) + 0.2 * (random() - 0.5), random() - 0.5]));
    times.push(t);
  }
  return { rows, times };
}

describe('seasonal baseline', () => {
  it('fits the robust median/MAD per time-of-day bucket, globally where a bucket is sparse', () => {
    const rows: number[][] = [];
    const times: number[] = [];
    // Bucket 0 (00:00–01:00): values 10..19 (10 rows); bucket 1: 3 rows only (falls back to global).
    for (let i = 0; i < 10; i++) {
      rows.push([10 + i, 5]);
      times.push(T0 + i * 60_000);
    }
    for (let i = 0; i < 3; i++) {
      rows.push([100, 5]);
      times.push(T0 + HOUR + i * 60_000);
    }
    const p = fitSeasonalBaseline(rows, times, 24, 10);
    expect(p.kind).toBe('seasonal');
    expect(p.median).toHaveLength(24);
    expect(p.median[0]).toEqual([14.5, 5]);
    expect(p.mad[0][0]).toBeCloseTo(1.4826 * 2.5, 10);
    expect(p.mad[0][1]).toBe(MAD_FLOOR);
    const global = fitRobustBaseline(rows);
    expect(p.median[1]).toEqual(global.median);
    expect(p.mad[5]).toEqual(global.mad);
    expect(() => fitSeasonalBaseline(rows, times.slice(1))).toThrow(/one time each/);
    expect(() => fitSeasonalBaseline([[NaN]], [T0])).toThrow(/non-finite/);
  });

  it("scores a row against its time's bucket with the robust formula, and needs the time", () => {
    const p = { kind: 'seasonal' as const, buckets: 24, median: Array.from({ length: 24 }, (_, b) => [b, 0]), mad: Array.from({ length: 24 }, () => [1, 2]) };
    const scorer = seasonalBaselineScorer(p);
    const row = Float32Array.from([3, 4]);
    const missing = Uint8Array.from([0, 0]);
    const robustAt = (b: number) => robustBaselineScorer({ kind: 'robust-baseline', median: p.median[b], mad: p.mad[b] });
    // 03:30 UTC → bucket 3: (3 − 3)/1 = 0, 4/2 = 2 → sqrt(4 / 2).
    expect(scorer.score(row, missing, T0 + 3.5 * HOUR)).toBe(Math.sqrt(2));
    expect(scorer.score(row, missing, T0 + 3.5 * HOUR)).toBe(robustAt(3).score(row, missing));
    // Negative times and times before midnight wrap to the right bucket.
    expect(scorer.score(row, missing, -0.5 * HOUR)).toBe(robustAt(23).score(row, missing));
    expect(scorer.score(row, missing, T0 + DAY - 1)).toBe(robustAt(23).score(row, missing));
    const shares = new Float64Array(2);
    scorer.shares!(row, missing, shares, T0 + 5 * HOUR);
    const want = new Float64Array(2);
    robustAt(5).shares!(row, missing, want);
    expect(Array.from(shares)).toEqual(Array.from(want));
    expect(scorer.score(row, Uint8Array.from([1, 1]), T0)).toBe(0);
    expect(() => scorer.score(row, missing)).toThrow(/needs the time/);
  });

  it('gets each step time from chunkComponents', () => {
    const seen: number[] = [];
    const recorder: RowScorer = {
      score: (_row, _missing, timeMs) => {
        seen.push(timeMs ?? NaN);
        return 0;
      },
    };
    const zero: RowScorer = { score: () => 0 };
    const F = 1;
    chunkComponents(new Float32Array(3), new Uint8Array(3), new Float32Array(9), F, [], zero, recorder, { times: { startMs: 1000, stepMs: 15_000 } });
    expect(seen).toEqual([1000, 16_000, 31_000]);
  });
});

describe('daily-cycle test', () => {
  it('finds a daily cycle over 2+ days and not in noise', () => {
    const cyclic = cyclicRows(3, 5 * 60_000, 1);
    const found = detectDailyCycle(cyclic.rows, cyclic.times);
    expect(found.seasonal).toBe(true);
    expect(found.varianceShare).toBeGreaterThan(0.5);
    expect(found.minDaysPerBucket).toBe(3);
    const flat = cyclicRows(3, 5 * 60_000, 0);
    const none = detectDailyCycle(flat.rows, flat.times);
    expect(none.seasonal).toBe(false);
    expect(none.varianceShare).toBeLessThan(0.1);
    expect(none.reason).toMatch(/< 0.2/);
  });

  it('needs at least 2 full days and enough rows per bucket', () => {
    const short = cyclicRows(1.9, 5 * 60_000, 1);
    const result = detectDailyCycle(short.rows, short.times);
    expect(result.seasonal).toBe(false);
    expect(result.reason).toMatch(/2 full days/);
    const sparse = cyclicRows(3, HOUR, 1);
    expect(detectDailyCycle(sparse.rows, sparse.times).reason).toMatch(/fewer than 10 rows/);
  });

  it('decides the kit: seasonal with times and a cycle, robust otherwise', () => {
    const cyclic = cyclicRows(3, 5 * 60_000, 1);
    const seasonal = rowScorerKit.fitBaseline(cyclic.rows, cyclic.times);
    expect((seasonal.params as { kind: string }).kind).toBe('seasonal');
    expect(seasonal.cycle?.seasonal).toBe(true);
    const flat = cyclicRows(3, 5 * 60_000, 0);
    const robust = rowScorerKit.fitBaseline(flat.rows, flat.times);
    expect((robust.params as { kind: string }).kind).toBe('robust-baseline');
    expect(robust.cycle?.seasonal).toBe(false);
    // Without times: the robust baseline, exactly as before.
    expect(rowScorerKit.fitBaseline(cyclic.rows)).toEqual({ scorer: expect.anything(), params: fitRobustBaseline(cyclic.rows) });
  });

  it('sampleRows draws the same rows with or without times', () => {
    const hosts = [0, 1].map((h) => ({ z: Float64Array.from({ length: 40 }, (_, i) => h * 100 + i), timestampsMs: Float64Array.from({ length: 20 }, (_, t) => h * 1e6 + t * 15_000) }));
    const times: number[] = [];
    const withTimes = sampleRows(hosts, 2, 10, mulberry32(3), times);
    expect(withTimes).toEqual(sampleRows(hosts, 2, 10, mulberry32(3)));
    withTimes.forEach((row, i) => {
      const h = row[0] >= 100 ? 1 : 0;
      expect(times[i]).toBe(h * 1e6 + ((row[0] - h * 100) / 2) * 15_000);
    });
  });
});

describe('baseline kinds in sentinel.json', () => {
  const committed = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../testdata/golden/risk-seasonal/sentinel.json'), 'utf8'));
  const robust = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../testdata/golden/risk/sentinel.json'), 'utf8'));
  const firstIssue = (doc: unknown) => {
    const parsed = sentinelJsonSchema.safeParse(doc);
    if (parsed.success) {
      return 'ok';
    }
    const issue = parsed.error.issues[0];
    return `${issue.path.join('.')}: ${issue.message}`;
  };
  const withBaseline = (change: (b: Record<string, unknown>) => void) => {
    const doc = structuredClone(committed);
    change(doc.baseline);
    return doc;
  };

  it('accepts the seasonal golden, robust, robust-baseline and no kind', () => {
    expect(firstIssue(committed)).toBe('ok');
    expect(firstIssue(robust)).toBe('ok');
    expect(firstIssue({ ...robust, baseline: { ...robust.baseline, kind: 'robust' } })).toBe('ok');
    const { kind: _kind, ...noKind } = robust.baseline;
    expect(firstIssue({ ...robust, baseline: noKind })).toBe('ok');
    expect(firstIssue({ ...robust, baseline: {} })).toBe('ok');
  });

  it('names the field of malformed seasonal params and refuses unknown kinds', () => {
    expect(firstIssue(withBaseline((b) => (b.buckets = 0)))).toMatch(/^baseline\.buckets: /);
    expect(firstIssue(withBaseline((b) => (b.buckets = 2.5)))).toMatch(/^baseline\.buckets: /);
    expect(firstIssue(withBaseline((b) => delete b.mad))).toMatch(/^baseline\.mad: /);
    expect(firstIssue(withBaseline((b) => ((b.mad as number[][])[3][1] = 0)))).toMatch(/^baseline\.mad\.3\.1: /);
    expect(firstIssue(withBaseline((b) => ((b.median as unknown[][])[2][0] = 'x')))).toMatch(/^baseline\.median\.2\.0: /);
    expect(firstIssue(withBaseline((b) => (b.median as number[][]).pop()))).toBe('baseline.median: 23 buckets; buckets is 24');
    expect(firstIssue(withBaseline((b) => (b.mad as number[][])[7].pop()))).toBe('baseline.mad.7: 3 values for 4 features');
    expect(firstIssue(withBaseline((b) => (b.kind = 'weekly')))).toMatch(/^baseline\.kind: unknown baseline kind "weekly"/);
  });

  it('builds the scorer the kind names', () => {
    expect(() => baselineScorerFromParams({ kind: 'weekly' }, 4)).toThrow(/baseline\.kind "weekly" is unknown/);
    expect(() => parseSeasonalBaseline({ ...committed.baseline, buckets: 25 }, 4)).toThrow(/^baseline\.median: 24 buckets; buckets is 25/);
    const row = Float32Array.from([0.1, 0.2, 0.3, 0.4]);
    const missing = new Uint8Array(4);
    const direct = seasonalBaselineScorer(committed.baseline);
    expect(baselineScorerFromParams(committed.baseline, 4).score(row, missing, T0 + 7 * HOUR)).toBe(direct.score(row, missing, T0 + 7 * HOUR));
    const { kind: _kind, ...noKind } = robust.baseline;
    expect(baselineScorerFromParams(noKind, robust.features.length).score(new Float32Array(14), new Uint8Array(14))).toBe(
      robustBaselineScorer(robust.baseline).score(new Float32Array(14), new Uint8Array(14))
    );
  });
});
