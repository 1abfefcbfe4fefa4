import { alignHosts, gridTimestamps } from './alignSeries';
import { counterRate } from './counterRate';
import { FeatureInputError } from './errors';
import { DEFAULT_FEATURES, renderFeatureQuery, settleSteps } from './featureSpec';
import { seriesFromPrometheusMatrix } from './fromPrometheus';
import { denormaliseValue, fitNormalisation, normaliseHost } from './normalise';

const step = 60_000;

describe('alignHosts', () => {
  const options = { startMs: 0, endMs: 9 * step, stepMs: step, maxFillSteps: 2 };

  it('puts samples on the grid, fills short gaps and marks long ones missing', () => {
    const [host] = alignHosts(
      [{ feature: 'a', instance: 'h', timestampsMs: [0, 55_000, 2 * step, 7 * step], values: [1, 2, 3, 4] }],
      ['a'],
      options
    );
    // t=0 → 1; t=60s → 2 (sample at 55 s is within the step); 120 s → 3; 180, 240 filled; 300, 360 missing; 420 → 4; 480, 540 filled.
    expect(Array.from(host.values)).toEqual([1, 2, 3, 3, 3, NaN, NaN, 4, 4, 4]);
    expect(Array.from(host.missing)).toEqual([0, 0, 0, 0, 0, 1, 1, 0, 0, 0]);
  });

  it('leaves the first settle points missing after a series starts inside the grid, not at the grid start', () => {
    const values = [0.7, 0.5, 0.2, 0.18, 0.18];
    // b starts at t=0 (may predate the grid: kept); a starts at t=2 steps (new series: 2 points dropped).
    const [host] = alignHosts(
      [
        { feature: 'a', instance: 'h', timestampsMs: [2, 3, 4, 5, 6].map((k) => k * step), values },
        { feature: 'b', instance: 'h', timestampsMs: [0, 1, 2, 3, 4].map((k) => k * step), values },
      ],
      ['a', 'b'],
      { ...options, endMs: 6 * step, maxFillSteps: 0, settleSteps: [2, 2] }
    );
    const column = (f: number) => Array.from({ length: 7 }, (_, k) => (host.missing[k * 2 + f] ? null : host.values[k * 2 + f]));
    expect(column(0)).toEqual([null, null, null, null, 0.2, 0.18, 0.18]);
    expect(column(1)).toEqual([0.7, 0.5, 0.2, 0.18, 0.18, null, null]);
  });

  it('after a gap settles again, filling from before the gap within maxFillSteps', () => {
    const [host] = alignHosts(
      [{ feature: 'a', instance: 'h', timestampsMs: [0, 1, 3, 4, 5, 6].map((k) => k * step), values: [1, 1, 9, 9, 2, 2] }],
      ['a'],
      { ...options, endMs: 6 * step, maxFillSteps: 3, settleSteps: [2] }
    );
    // Absent at 2 → a start at 3: points 3 and 4 (biased rates) are ignored; 2–4 are filled from 1.
    expect(Array.from(host.values)).toEqual([1, 1, 1, 1, 1, 2, 2]);
  });

  it('settles rate-based features for one rate window less a step, others not at all', () => {
    expect(settleSteps([{ promql: 'rate(x{$selector}[$rate])' }, { promql: 'y{$selector}' }], '1m', 15_000)).toEqual([3, 0]);
    expect(settleSteps([{ promql: 'rate(x[$rate])' }], '5m', 60_000)).toEqual([4]);
    expect(settleSteps(DEFAULT_FEATURES, '1m', 15_000).filter((n) => n > 0).length).toBe(
      DEFAULT_FEATURES.filter((f) => f.promql.includes('$rate')).length
    );
    expect(() => settleSteps([], '1 minute', 15_000)).toThrow(/not a PromQL duration/);
  });

  it('keeps a host whose exporter lacks a feature, with that feature missing', () => {
    const hosts = alignHosts([{ feature: 'b', instance: 'h', timestampsMs: [0], values: [5] }], ['a', 'b'], { ...options, endMs: 0 });
    expect(hosts).toHaveLength(1);
    expect(Array.from(hosts[0].missing)).toEqual([1, 0]);
  });

  it.each([NaN, Infinity, -Infinity])('refuses %p and names the series and time', (bad) => {
    expect(() => alignHosts([{ feature: 'a', instance: 'web-1', timestampsMs: [0, step], values: [1, bad] }], ['a'], options)).toThrow(
      /feature "a" instance="web-1" is (NaN|-?Infinity) at 1970-01-01T00:01:00.000Z/
    );
  });

  it('refuses unknown features and bad grids with typed errors', () => {
    expect(() => alignHosts([{ feature: 'zzz', instance: 'h', timestampsMs: [], values: [] }], ['a'], options)).toThrow(FeatureInputError);
    expect(() => gridTimestamps({ startMs: 10, endMs: 0, stepMs: step, maxFillSteps: 0 })).toThrow(/bad grid/);
  });

  it('sorts hosts by instance for a stable order', () => {
    const hosts = alignHosts(
      ['b', 'a'].map((instance) => ({ feature: 'a', instance, timestampsMs: [0], values: [1] })),
      ['a'],
      { ...options, endMs: 0 }
    );
    expect(hosts.map((h) => h.instance)).toEqual(['a', 'b']);
  });
});

describe('counterRate', () => {
  it('treats a drop as a restart from zero', () => {
    const r = counterRate([0, 10_000, 20_000, 30_000], [100, 200, 50, 150], 'bytes');
    expect(r.timestampsMs).toEqual([10_000, 20_000, 30_000]);
    expect(r.values).toEqual([10, 5, 10]);
  });

  it('refuses non-finite and negative values', () => {
    expect(() => counterRate([0, 1000], [1, NaN], 'x')).toThrow(/non-finite/);
    expect(() => counterRate([0, 1000], [1, -1], 'x')).toThrow(/negative/);
    expect(() => counterRate([0, 0], [1, 2], 'x')).toThrow(/timestamps must increase/);
  });
});

describe('normalisation', () => {
  it('log-scales rates, keeps ratios linear, and round-trips', () => {
    const [host] = alignHosts(
      [
        { feature: 'ratio', instance: 'h', timestampsMs: [0, step, 2 * step], values: [0.2, 0.4, 0.6] },
        { feature: 'rate', instance: 'h', timestampsMs: [0, step, 2 * step], values: [0, 1e3, 1e6] },
      ],
      ['ratio', 'rate'],
      { startMs: 0, endMs: 2 * step, stepMs: step, maxFillSteps: 0 }
    );
    const stats = fitNormalisation([host], ['ratio', 'bytes_per_second']);
    expect(stats[0].mean).toBeCloseTo(0.4, 12);
    expect(stats[0].std).toBeCloseTo(Math.sqrt(0.08 / 3), 12);
    expect(stats[1].mean).toBeCloseTo((Math.log1p(1e3) + Math.log1p(1e6)) / 3, 12);
    const z = normaliseHost(host, stats);
    expect(z[2]).toBeCloseTo(0, 12);
    expect(denormaliseValue(stats[1], z[5])).toBeCloseTo(1e6, 3);
  });

  it('gives missing cells the training mean (0) and refuses a feature with no data', () => {
    const [host] = alignHosts([{ feature: 'a', instance: 'h', timestampsMs: [0, step], values: [1, 3] }], ['a', 'b'], {
      startMs: 0,
      endMs: step,
      stepMs: step,
      maxFillSteps: 0,
    });
    expect(() => fitNormalisation([host], ['ratio', 'ratio'])).toThrow(/feature "b" has fewer than 2 present values/);
    const stats = [
      { unit: 'ratio' as const, mean: 2, std: 1 },
      { unit: 'ratio' as const, mean: 0, std: 1 },
    ];
    expect(Array.from(normaliseHost(host, stats))).toEqual([-1, 0, 1, 0]);
  });
});

describe('feature queries', () => {
  it('renders every default feature for a host selector', () => {
    for (const spec of DEFAULT_FEATURES) {
      const q = renderFeatureQuery(spec, 'instance=~"web-.*"', '2m');
      expect(q).not.toMatch(/\$selector|\$rate/);
      expect(q).toContain('instance=~"web-.*"');
    }
    expect(DEFAULT_FEATURES).toHaveLength(14);
  });

  it.each(['} or vector(1) or {', 'instance', '', 'a="b" or c="d"'])('refuses a selector that is not label matchers: %p', (selector) => {
    expect(() => renderFeatureQuery(DEFAULT_FEATURES[0], selector)).toThrow(/not a list of label matchers/);
  });
});

describe('seriesFromPrometheusMatrix', () => {
  const body = (result: unknown) => ({ status: 'success', data: { resultType: 'matrix', result } });

  it('reads one series per instance', () => {
    const [s] = seriesFromPrometheusMatrix('cpu_busy', body([{ metric: { instance: 'a' }, values: [[1767225600, '0.5']] }]));
    expect(s).toEqual({ feature: 'cpu_busy', instance: 'a', timestampsMs: [1767225600000], values: [0.5] });
  });

  it('refuses answers that are not per-host matrices', () => {
    expect(() => seriesFromPrometheusMatrix('x', { status: 'error' })).toThrow(/not a Prometheus matrix/);
    expect(() => seriesFromPrometheusMatrix('x', body([{ metric: {}, values: [] }]))).toThrow(/without an instance label/);
    expect(() =>
      seriesFromPrometheusMatrix(
        'x',
        body([
          { metric: { instance: 'a', cpu: '0' }, values: [] },
          { metric: { instance: 'a', cpu: '1' }, values: [] },
        ])
      )
    ).toThrow(/several series for instance="a"/);
  });
});
