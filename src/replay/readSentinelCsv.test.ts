import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readSentinelCsv } from './readSentinelCsv';
import { assertValidSeries, ReplayInputError } from './types';

function writeTemp(text: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'replay-csv-')), 'data.csv');
  fs.writeFileSync(file, text);
  return file;
}

describe('readSentinelCsv', () => {
  it('reads the committed fixture into one series per host and metric', () => {
    const dataset = readSentinelCsv(path.resolve(__dirname, '../../testdata/replay/small.csv'));
    expect(dataset.series).toHaveLength(6);
    const load = dataset.series.find((s) => s.name === 'node_load1' && s.labels.instance === 'host-b')!;
    expect(load.labels).toEqual({ instance: 'host-b', job: 'replay' });
    expect(load.timestampsMs[0]).toBe(1767225600_000);
    expect(load.timestampsMs[59]).toBe(1767225600_000 + 59 * 60_000);
    expect(load.values.slice(0, 6)).toEqual([1.25, 1.375, 1.5, 1.625, 1.75, 1.25]);
    dataset.series.forEach(assertValidSeries);
  });

  it('accepts RFC 3339 times, sorts interleaved rows and leaves empty cells out as gaps', () => {
    const file = writeTemp(
      'timestamp,instance,node_load1\n2026-01-01T00:02:00Z,a,3\n2026-01-01T00:00:00Z,a,1\n2026-01-01T00:01:00Z,a,\n'
    );
    const [series] = readSentinelCsv(file).series;
    expect(series.timestampsMs).toEqual([Date.UTC(2026, 0, 1, 0, 0), Date.UTC(2026, 0, 1, 0, 2)]);
    expect(series.values).toEqual([1, 3]);
  });

  it.each([
    ['timestamp,instance,m\n1,a,NaN\n', /line 2, column "m": "NaN" is not a finite number/],
    ['timestamp,instance,m\n1,a,Infinity\n', /"Infinity" is not a finite number/],
    ['timestamp,instance,m\nyesterday,a,1\n', /"yesterday" is neither unix seconds nor an RFC 3339 time/],
    ['time,host,m\n1,a,1\n', /expected a header "timestamp,instance,<metric>…"/],
    ['timestamp,instance,m\n1,a\n', /line 2: 2 cells, header has 3/],
    ['timestamp,instance,m\n1,,1\n', /line 2: empty instance/],
  ])('rejects bad input with a message naming the place: %j', (text, message) => {
    expect(() => readSentinelCsv(writeTemp(text))).toThrow(message);
    expect(() => readSentinelCsv(writeTemp(text))).toThrow(ReplayInputError);
  });

  it('rejects a repeated timestamp for the same host and metric', () => {
    const dataset = readSentinelCsv(writeTemp('timestamp,instance,m\n60,a,1\n60,a,2\n'));
    expect(() => assertValidSeries(dataset.series[0])).toThrow(/timestamps must increase/);
  });

  it('rejects metric names Prometheus would refuse', () => {
    const dataset = readSentinelCsv(writeTemp('timestamp,instance,cpu-busy\n60,a,1\n'));
    expect(() => assertValidSeries(dataset.series[0])).toThrow(/"cpu-busy" is not a valid Prometheus metric name/);
  });

  it('says which file it could not read', () => {
    expect(() => readSentinelCsv('/nonexistent/x.csv')).toThrow(/cannot read \/nonexistent\/x.csv/);
  });
});
