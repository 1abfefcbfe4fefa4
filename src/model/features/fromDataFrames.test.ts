import type { DataFrame, Field } from '@grafana/data';
import { alignHosts } from './alignSeries';
import { FeatureInputError } from './errors';
import { featuresFromFrames } from './fromDataFrames';

const T0 = 1_767_225_600_000;

function field(name: string, type: string, values: unknown[], labels?: Record<string, string>): Field {
  return { name, type, values, config: {}, labels } as unknown as Field;
}

function frame(refId: string, times: number[], perHost: Record<string, Array<number | null>>): DataFrame {
  return {
    refId,
    length: times.length,
    fields: [field('Time', 'time', times), ...Object.entries(perHost).map(([instance, v]) => field('Value', 'number', v, { instance, job: 'node' }))],
  };
}

describe('featuresFromFrames', () => {
  const times = [T0, T0 + 15_000, T0 + 30_000];

  it('reads one series per host and feature, treating nulls as gaps', () => {
    const result = featuresFromFrames(
      [frame('memory_used', times, { a: [0.5, null, 0.6], b: [0.1, 0.2, 0.3] }), frame('cpu_busy', times, { a: [0.9, 0.8, 0.7] }), frame('Z', times, { a: [1, 2, 3] })],
      ['cpu_busy', 'memory_used', 'disk_busy']
    );
    expect(result.missingFeatures).toEqual(['disk_busy']);
    expect(result.ignoredRefIds).toEqual(['Z']);
    const a = result.series.find((s) => s.feature === 'memory_used' && s.instance === 'a')!;
    expect(Array.from(a.timestampsMs)).toEqual([T0, T0 + 30_000]);
    expect(Array.from(a.values)).toEqual([0.5, 0.6]);
    const hosts = alignHosts(result.series, ['cpu_busy', 'memory_used', 'disk_busy'], { startMs: T0, endMs: T0 + 30_000, stepMs: 15_000, maxFillSteps: 0 });
    expect(hosts.map((h) => h.instance)).toEqual(['a', 'b']);
    expect(Array.from(hosts[0].missing)).toEqual([0, 0, 1, 0, 1, 1, 0, 0, 1]);
  });

  it('refuses series that are not per host, naming the feature', () => {
    const noInstance: DataFrame = { refId: 'cpu_busy', length: 1, fields: [field('Time', 'time', [T0]), field('Value', 'number', [1], { job: 'node' })] };
    expect(() => featuresFromFrames([noInstance], ['cpu_busy'])).toThrow(/cpu_busy.*no instance label/);
    const twice = [frame('cpu_busy', times, { a: [1, 1, 1] }), frame('cpu_busy', times, { a: [2, 2, 2] })];
    expect(() => featuresFromFrames(twice, ['cpu_busy'])).toThrow(FeatureInputError);
    const table: DataFrame = { refId: 'cpu_busy', length: 1, fields: [field('Value', 'number', [1], { instance: 'a' })] };
    expect(() => featuresFromFrames([table], ['cpu_busy'])).toThrow(/without a time field/);
  });

  it('passes NaN on so alignment refuses it with the series named', () => {
    const result = featuresFromFrames([frame('cpu_busy', times, { a: [0.1, NaN, 0.2] })], ['cpu_busy']);
    expect(() => alignHosts(result.series, ['cpu_busy'], { startMs: T0, endMs: T0 + 30_000, stepMs: 15_000, maxFillSteps: 4 })).toThrow(
      /feature "cpu_busy" instance="a" is NaN/
    );
  });
});
