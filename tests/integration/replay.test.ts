import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { readSentinelCsv } from '../../src/replay/readSentinelCsv';
import { queryRange, rawSamples, stack } from './stackEnv';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../..');
const fixture = path.join(root, 'testdata/replay/small.csv');
const start = 1767225600;
const end = start + 59 * 60;

async function replayFixture(): Promise<void> {
  await run(path.join(root, 'scripts/replay'), ['csv', fixture], { cwd: root });
}

describe.each([
  ['Prometheus', stack.promUrl],
  ['VictoriaMetrics', stack.vmUrl],
])('replay into %s', (_name, baseUrl) => {
  beforeAll(replayFixture);

  it('serves every replayed sample exactly, at its own timestamp', async () => {
    const expected = readSentinelCsv(fixture).series;
    for (const series of expected) {
      const [got, ...extra] = await queryRange(baseUrl, `${series.name}{job="replay",instance="${series.labels.instance}"}`, start, end, 60);
      expect(extra).toEqual([]);
      expect(got.metric).toEqual({ __name__: series.name, ...series.labels });
      expect(got.values.map(([t]) => t * 1000)).toEqual(series.timestampsMs);
      expect(got.values.map(([, v]) => Number(v))).toEqual(series.values);
    }
  });

  it('replaces rather than duplicates when replayed again', async () => {
    await replayFixture();
    const result = await rawSamples(baseUrl, '{job="replay",instance=~"host-.*"}', '1h', end);
    expect(result).toHaveLength(6);
    expect(result.map((r) => r.values.length)).toEqual(new Array(6).fill(60));
  });
});
