import { formatLabels, openMetricsWindows, PROMTOOL_BLOCK_MS } from './openMetrics';

const hour = 60 * 60 * 1000;

describe('openMetricsWindows', () => {
  it('cuts documents at two-hour boundaries and keeps each family together', () => {
    const windows = [
      ...openMetricsWindows(
        [
          {
            name: 'node_load1',
            labels: { instance: 'a' },
            timestampsMs: [0, hour, 2 * hour + 1000],
            values: [1, 2.5, 1e-7],
          },
          { name: 'node_load1', labels: { instance: 'b' }, timestampsMs: [hour], values: [3] },
          { name: 'node_load5', labels: { instance: 'a' }, timestampsMs: [2 * hour], values: [4] },
        ],
        { maxBlocks: 1 }
      ),
    ];
    expect(windows.map((w) => w.startMs)).toEqual([0, PROMTOOL_BLOCK_MS]);
    expect(windows[0].text).toBe(
      '# TYPE node_load1 gauge\n' +
        'node_load1{instance="a"} 1 0\n' +
        'node_load1{instance="a"} 2.5 3600\n' +
        'node_load1{instance="b"} 3 3600\n' +
        '# TYPE node_load5 gauge\n' +
        '# EOF\n'
    );
    expect(windows[1].text).toContain('node_load1{instance="a"} 1e-7 7201\n');
    expect(windows[1].text).toContain('node_load5{instance="a"} 4 7200\n');
    expect(windows[1].text.endsWith('# EOF\n')).toBe(true);
  });

  it('groups consecutive blocks into one document up to the line budget', () => {
    const timestampsMs = Array.from({ length: 12 }, (_, i) => i * hour);
    const series = [{ name: 'm', labels: {}, timestampsMs, values: timestampsMs.map(() => 1) }];
    expect([...openMetricsWindows(series)].map((w) => w.startMs)).toEqual([0]);
    const small = [...openMetricsWindows(series, { maxLines: 4 })];
    expect(small.map((w) => w.startMs / hour)).toEqual([0, 4, 8]);
    expect(small[1].text.match(/^m /gm)).toHaveLength(4);
    expect(small[1].text.match(/# TYPE m gauge/g)).toHaveLength(1);
  });

  it('escapes label values the way the exposition format requires', () => {
    expect(formatLabels({ path: 'C:\\data "x"\nnext' })).toBe('{path="C:\\\\data \\"x\\"\\nnext"}');
    expect(formatLabels({})).toBe('');
  });
});
