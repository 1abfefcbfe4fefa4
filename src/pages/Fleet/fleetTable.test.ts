import { DataFrame, FieldType, createDataFrame } from '@grafana/data';
import { FLEET_COLUMNS, fleetSummary, fleetTableFrames, hostRisks, rankHosts } from './fleetTable';

function riskFrame(instance: string, values: Array<number | null>): DataFrame {
  return createDataFrame({
    name: 'risk',
    fields: [
      { name: 'time', type: FieldType.time, values: values.map((_, i) => 1_700_000_000_000 + i * 15_000) },
      { name: 'risk', type: FieldType.number, values, labels: { instance } },
    ],
  });
}

describe('hostRisks', () => {
  test('takes the last finite value as current and the largest as peak', () => {
    const [h] = hostRisks([riskFrame('web-1:9100', [0.1, 0.9, 0.3, null, NaN])]);
    expect(h.instance).toBe('web-1:9100');
    expect(h.current).toBe(0.3);
    expect(h.peak).toBe(0.9);
    expect(h.trend.fields.map((f) => f.type)).toEqual([FieldType.time, FieldType.number]);
    expect(h.trend.fields[1].values).toHaveLength(5);
  });

  test('a host without finite values has NaN current and peak', () => {
    const [h] = hostRisks([riskFrame('db-1', [null, NaN])]);
    expect(h.current).toBeNaN();
    expect(h.peak).toBeNaN();
  });

  test('ignores frames without an instance label or a time field', () => {
    const noLabel = createDataFrame({
      fields: [
        { name: 'time', type: FieldType.time, values: [1] },
        { name: 'value', type: FieldType.number, values: [1] },
      ],
    });
    const noTime = createDataFrame({
      fields: [{ name: 'risk', type: FieldType.number, values: [1], labels: { instance: 'x' } }],
    });
    expect(hostRisks([noLabel, noTime])).toEqual([]);
  });
});

describe('rankHosts', () => {
  test('orders by current risk, then peak, then name, hosts without data last', () => {
    const hosts = hostRisks([
      riskFrame('c', [0.2, 0.5]),
      riskFrame('nodata', [null]),
      riskFrame('a', [0.9, 0.5]),
      riskFrame('b', [0.1, 0.5]),
      riskFrame('d', [0.7]),
      riskFrame('e', [0.5]),
    ]);
    expect(rankHosts(hosts).map((h) => h.instance)).toEqual(['d', 'a', 'b', 'c', 'e', 'nodata']);
  });
});

describe('fleetTableFrames', () => {
  test('one row per host in rank order with current, peak and a sparkline frame', () => {
    const [table] = fleetTableFrames([riskFrame('low', [0.1, 0.2]), riskFrame('high', [0.4, 0.97])]);
    const column = (name: string) => table.fields.find((f) => f.name === name)!;
    expect(column(FLEET_COLUMNS.host).values).toEqual(['high', 'low']);
    expect(column(FLEET_COLUMNS.current).values).toEqual([0.97, 0.2]);
    expect(column(FLEET_COLUMNS.peak).values).toEqual([0.97, 0.2]);
    expect(column(FLEET_COLUMNS.trend).type).toBe(FieldType.frame);
    expect(column(FLEET_COLUMNS.trend).values[0].fields[1].values).toEqual([0.4, 0.97]);
  });

  test('no frame when no host answered, so the panel shows its no-data state', () => {
    expect(fleetTableFrames([])).toEqual([]);
  });
});

test('fleetSummary counts hosts at or above the threshold', () => {
  const frames = [riskFrame('a', [0.95]), riskFrame('b', [0.8]), riskFrame('c', [0.5, 0.79])];
  expect(fleetSummary(frames, 0.8)).toEqual({ hosts: 3, atRisk: 2 });
  expect(fleetSummary(frames, 0.96)).toEqual({ hosts: 3, atRisk: 0 });
});
