import { describeFeatureCheck, summariseInstantResult } from './featureCheck';

const timeField = { name: 'Time', type: 'time' };
const valueField = (labels?: Record<string, string>) => ({ name: 'Value', type: 'number', labels });
const frame = (labels: Record<string, string> | undefined, value: unknown) => ({
  schema: { fields: [timeField, valueField(labels)] },
  data: { values: [[1_700_000_000_000], [value]] },
});

describe('summariseInstantResult', () => {
  it('counts the distinct instances of the series holding a number', () => {
    const result = summariseInstantResult({
      frames: [
        frame({ instance: 'web-2' }, 0.4),
        frame({ instance: 'web-1' }, 0.2),
        frame({ instance: 'web-1', cpu: '1' }, 0.1),
      ],
    });
    expect(result).toEqual({ kind: 'ok', hosts: ['web-1', 'web-2'] });
  });

  it('is no data when nothing came back, or only empty or NaN values', () => {
    expect(summariseInstantResult({ frames: [] })).toEqual({ kind: 'noData' });
    expect(summariseInstantResult({})).toEqual({ kind: 'noData' });
    expect(summariseInstantResult({ frames: [frame({ instance: 'a' }, null), frame({ instance: 'b' }, NaN)] })).toEqual(
      {
        kind: 'noData',
      }
    );
    expect(summariseInstantResult({ frames: [{ schema: { fields: [] }, data: { values: [] } }] })).toEqual({
      kind: 'noData',
    });
  });

  it('says when series lack the instance label the model keys hosts by', () => {
    expect(summariseInstantResult({ frames: [frame(undefined, 1), frame({ job: 'node' }, 2)] })).toEqual({
      kind: 'noInstance',
      series: 2,
    });
  });

  it('never counts the time field as a series', () => {
    expect(summariseInstantResult({ frames: [{ schema: { fields: [timeField] }, data: { values: [[1]] } }] })).toEqual({
      kind: 'noData',
    });
  });
});

describe('describeFeatureCheck', () => {
  it.each([
    [{ kind: 'ok', hosts: ['a'] }, 'resolves (1 host: a)'],
    [{ kind: 'ok', hosts: ['a', 'b', 'c', 'd', 'e'] }, 'resolves (5 hosts: a, b, c, … 2 more)'],
    [{ kind: 'noData' }, 'no data for job="node"'],
    [
      { kind: 'noInstance', series: 3 },
      '3 series without an instance label; keep "by (instance)" so the model gets one series per host',
    ],
    [{ kind: 'error', message: 'parse error' }, 'error: parse error'],
  ] as const)('%j reads %s', (check, text) => {
    expect(describeFeatureCheck(check as never, 'job="node"')).toBe(text);
  });
});
