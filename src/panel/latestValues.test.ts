import { FieldType, toDataFrame } from '@grafana/data';
import { latestValues } from './latestValues';

const seriesFrame = (instance: string, values: unknown[]) =>
  toDataFrame({
    fields: [
      { name: 'time', type: FieldType.time, values: values.map((_, i) => 1_000 * (i + 1)) },
      { name: 'value', type: FieldType.number, values, labels: { instance } },
    ],
  });

describe('latestValues', () => {
  it('is empty for no frames', () => {
    expect(latestValues([])).toEqual([]);
  });

  it('takes the newest finite value with its time, skipping trailing NaN and nulls', () => {
    const [latest, ...rest] = latestValues([seriesFrame('web-1', [0.4, 0.6, NaN, null])]);
    expect(rest).toEqual([]);
    expect(latest).toEqual({ name: expect.stringContaining('web-1'), value: 0.6, timeMs: 2_000 });
  });

  it('leaves out series with no finite value instead of showing 0', () => {
    expect(latestValues([seriesFrame('web-1', [NaN, null]), seriesFrame('web-2', [0.1])]).map((v) => v.value)).toEqual([
      0.1,
    ]);
  });

  it('ignores non-numeric fields and orders highest first', () => {
    const withText = toDataFrame({
      fields: [
        { name: 'time', type: FieldType.time, values: [1_000] },
        { name: 'host', type: FieldType.string, values: ['db-1'] },
        { name: 'load', type: FieldType.number, values: [0.9] },
      ],
    });
    expect(latestValues([seriesFrame('web-1', [0.2]), withText]).map((v) => v.value)).toEqual([0.9, 0.2]);
  });
});
