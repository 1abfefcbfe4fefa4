import { HostFeatureMatrix } from '../model/features/alignSeries';
import { DEFAULT_FEATURES } from '../model/features/featureSpec';
import { generateScenarioFleet } from '../model/scenarios/generateScenarioFleet';
import {
  nodeShapeFor,
  SCENARIO_JOB,
  scenarioHostToNodeExporter,
  scenarioToNodeExporter,
} from './scenarioToNodeExporter';
import { assertValidSeries, ReplayInputError, ReplaySeries } from './types';

const FEATURES = DEFAULT_FEATURES.map((f) => f.name);
const STEP_MS = 15_000;

/** A host whose every feature moves, with a given value per (row, feature). */
function host(rows: number, value: (k: number, feature: string) => number, instance = 'h1'): HostFeatureMatrix {
  const values = new Float64Array(rows * FEATURES.length);
  for (let k = 0; k < rows; k++) {
    FEATURES.forEach((name, c) => {
      values[k * FEATURES.length + c] = value(k, name);
    });
  }
  const timestampsMs = Float64Array.from({ length: rows }, (_, k) => 1_700_000_000_000 + k * STEP_MS);
  return { instance, features: [...FEATURES], timestampsMs, values, missing: new Uint8Array(rows * FEATURES.length) };
}

/** Values that stay within each feature's physical range and differ from row to row. */
function wavy(k: number, name: string): number {
  const s = 0.5 + 0.4 * Math.sin(k / 3 + name.length);
  const unit = DEFAULT_FEATURES.find((f) => f.name === name)!.unit;
  return unit === 'ratio' ? s * 0.9 : unit === 'load_per_core' ? 2 * s : 1e6 * s;
}

// --- a small reading of the default PromQL: its label matchers, taken from the spec's own text ---

type Matcher = [label: string, op: string, value: string];

/** The literal matchers inside `metric{…}` of a feature's PromQL ($selector left out). */
function matchersOf(promql: string, metric: string): Matcher[] {
  const blocks = [...promql.matchAll(new RegExp(`${metric}\\{([^}]*)\\}`, 'g'))].map((m) => m[1]);
  expect(blocks.length).toBeGreaterThan(0);
  return [...blocks[0].matchAll(/([a-zA-Z_]+)\s*(=~|!~|!=|=)\s*"([^"]*)"/g)].map((m) => [m[1], m[2], m[3]]);
}

function passes(labels: Record<string, string>, matchers: Matcher[]): boolean {
  return matchers.every(([label, op, value]) => {
    const v = labels[label] ?? '';
    const re = new RegExp(`^(?:${value})$`);
    return op === '=' ? v === value : op === '!=' ? v !== value : op === '=~' ? re.test(v) : !re.test(v);
  });
}

/** Series of `metric` that the feature's PromQL selects. */
function selected(series: ReplaySeries[], feature: string, metric: string): ReplaySeries[] {
  const spec = DEFAULT_FEATURES.find((f) => f.name === feature)!;
  const out = series.filter((s) => s.name === metric && passes(s.labels, matchersOf(spec.promql, metric)));
  expect(out.length).toBeGreaterThan(0);
  return out;
}

/** Per-second increase of a counter over the step ending at row k. */
function stepRate(s: ReplaySeries, k: number): number {
  return (s.values[k] - s.values[k - 1]) / ((s.timestampsMs[k] - s.timestampsMs[k - 1]) / 1000);
}

const at = (s: ReplaySeries, k: number) => s.values[k];
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** What each default feature's PromQL computes at row k, over one step instead of the rate window. */
function readBack(series: ReplaySeries[], feature: string, k: number): number {
  const pick = (metric: string) => selected(series, feature, metric);
  const one = (metric: string) => {
    const [s, ...rest] = pick(metric);
    expect(rest).toEqual([]);
    return s;
  };
  const rates = (metric: string) => pick(metric).map((s) => stepRate(s, k));
  switch (feature) {
    case 'cpu_busy':
      return 1 - sum(rates('node_cpu_seconds_total')) / pick('node_cpu_seconds_total').length;
    case 'cpu_iowait':
      return sum(rates('node_cpu_seconds_total')) / pick('node_cpu_seconds_total').length;
    case 'load_per_core':
      return at(one('node_load1'), k) / pick('node_cpu_seconds_total').length;
    case 'memory_used':
      return 1 - at(one('node_memory_MemAvailable_bytes'), k) / at(one('node_memory_MemTotal_bytes'), k);
    case 'swap_used': {
      const total = at(one('node_memory_SwapTotal_bytes'), k);
      return (total - at(one('node_memory_SwapFree_bytes'), k)) / Math.max(total, 1);
    }
    case 'disk_busy':
      return Math.max(...rates('node_disk_io_time_seconds_total'));
    case 'disk_read_bytes':
      return sum(rates('node_disk_read_bytes_total'));
    case 'disk_write_bytes':
      return sum(rates('node_disk_written_bytes_total'));
    case 'filesystem_used': {
      const sizes = pick('node_filesystem_size_bytes');
      return Math.max(
        ...pick('node_filesystem_avail_bytes').map((a) => {
          const size = sizes.find((s) => s.labels.mountpoint === a.labels.mountpoint)!;
          return 1 - at(a, k) / at(size, k);
        })
      );
    }
    case 'network_rx_bytes':
      return sum(rates('node_network_receive_bytes_total'));
    case 'network_tx_bytes':
      return sum(rates('node_network_transmit_bytes_total'));
    case 'network_errors':
      return sum(
        [
          'node_network_receive_errs_total',
          'node_network_transmit_errs_total',
          'node_network_receive_drop_total',
        ].flatMap(rates)
      );
    case 'tcp_retransmits':
      return (
        stepRate(one('node_netstat_Tcp_RetransSegs'), k) / Math.max(stepRate(one('node_netstat_Tcp_OutSegs'), k), 1)
      );
    case 'fd_used':
      return at(one('node_filefd_allocated'), k) / at(one('node_filefd_maximum'), k);
    default:
      throw new Error(`test has no reading of feature ${feature}`);
  }
}

describe('scenarioHostToNodeExporter', () => {
  const h = host(40, wavy);
  const series = scenarioToNodeExporter([h]);

  it('writes every metric the default PromQL reads, as valid series labelled with the host and job', () => {
    const referenced = new Set(
      DEFAULT_FEATURES.flatMap((f) => [...f.promql.matchAll(/\bnode_[A-Za-z0-9_]+/g)].map((m) => m[0]))
    );
    expect([...referenced].filter((m) => !series.some((s) => s.name === m))).toEqual([]);
    for (const s of series) {
      assertValidSeries(s);
      expect(s.labels).toMatchObject({ instance: 'h1', job: SCENARIO_JOB });
      expect(s.values).toHaveLength(40);
    }
  });

  it.each(FEATURES)(
    '%s: the default PromQL (label filters included) gives the feature back at every step',
    (feature) => {
      const c = FEATURES.indexOf(feature);
      for (let k = 1; k < 40; k++) {
        const want = h.values[k * FEATURES.length + c];
        expect(Math.abs(readBack(series, feature, k) - want)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(want)));
      }
    }
  );

  it('leaves out what the filters must leave out: lo and veth traffic, tmpfs and /boot', () => {
    const nics = selected(series, 'network_rx_bytes', 'node_network_receive_bytes_total').map((s) => s.labels.device);
    expect(nics).toEqual(['eth0']);
    const mounts = selected(series, 'filesystem_used', 'node_filesystem_avail_bytes').map((s) => s.labels.mountpoint);
    expect(mounts.sort()).toEqual(['/', '/data']);
    // …and those series are there, with values that would change the result if they were counted.
    expect(
      series
        .filter((s) => s.name === 'node_network_receive_bytes_total')
        .map((s) => s.labels.device)
        .sort()
    ).toEqual(['eth0', 'lo', 'veth3a9c1f2']);
    expect(series.filter((s) => s.name === 'node_filesystem_avail_bytes')).toHaveLength(4);
  });

  it('makes counters that never fall, and a 1-minute rate equal to the mean of the four steps it spans', () => {
    for (const s of series.filter((x) => x.name.endsWith('_total') || x.name.startsWith('node_netstat'))) {
      for (let k = 1; k < s.values.length; k++) {
        expect(s.values[k]).toBeGreaterThanOrEqual(s.values[k - 1]);
      }
    }
    const rx = selected(series, 'network_rx_bytes', 'node_network_receive_bytes_total')[0];
    const c = FEATURES.indexOf('network_rx_bytes');
    for (let k = 4; k < 40; k++) {
      const windowRate = (rx.values[k] - rx.values[k - 4]) / 60;
      const mean = sum([0, 1, 2, 3].map((j) => h.values[(k - j) * FEATURES.length + c])) / 4;
      expect(windowRate).toBeCloseTo(mean, 6);
    }
  });

  it('sets node_load1 to load_per_core times the cores it writes', () => {
    for (const [i, cpus] of [
      [0, 2],
      [2, 8],
    ]) {
      const s = scenarioHostToNodeExporter(h, nodeShapeFor(i, h));
      const idle = s.filter((x) => x.name === 'node_cpu_seconds_total' && x.labels.mode === 'idle');
      expect(idle).toHaveLength(cpus);
      const load = s.find((x) => x.name === 'node_load1')!;
      expect(load.values[5]).toBeCloseTo(wavy(5, 'load_per_core') * cpus, 12);
    }
  });

  it('leaves a missed scrape out, and keeps counters growing across it at the last rate', () => {
    const gap = host(10, wavy);
    gap.values.fill(NaN, 5 * FEATURES.length, 6 * FEATURES.length);
    const out = scenarioHostToNodeExporter(gap, nodeShapeFor(0, gap));
    const load = out.find((s) => s.name === 'node_load1')!;
    expect(load.timestampsMs).toHaveLength(9);
    expect(load.timestampsMs).not.toContain(gap.timestampsMs[5]);
    const rx = out.find((s) => s.name === 'node_network_receive_bytes_total' && s.labels.device === 'eth0')!;
    const c = FEATURES.indexOf('network_rx_bytes');
    const v = (k: number) => gap.values[k * FEATURES.length + c];
    // Row 6 follows row 4 in the series: 15 s at row 4's rate (the gap), then 15 s at row 6's.
    expect(rx.values[5] - rx.values[4]).toBeCloseTo(15 * v(4) + 15 * v(6), 6);
  });

  it('gives hosts without swap a zero SwapTotal, which the PromQL reads as 0 swap used', () => {
    const noSwap = host(10, (k, name) => (name === 'swap_used' ? 0 : wavy(k, name)));
    expect(nodeShapeFor(1, noSwap).swapTotalBytes).toBe(0);
    expect(nodeShapeFor(1, host(10, wavy)).swapTotalBytes).toBeGreaterThan(0);
    const out = scenarioToNodeExporter([noSwap]);
    expect(readBack(out, 'swap_used', 3)).toBe(0);
  });

  it('refuses hosts no node_exporter could describe, naming what is wrong', () => {
    const missing = host(5, wavy);
    missing.features = missing.features.map((f) => (f === 'fd_used' ? 'fds' : f));
    expect(() => scenarioToNodeExporter([missing])).toThrow(ReplayInputError);
    expect(() => scenarioToNodeExporter([missing])).toThrow(/no feature "fd_used"/);

    const busy = host(5, (k, name) => (name === 'cpu_busy' && k === 3 ? 1.2 : wavy(k, name)));
    expect(() => scenarioToNodeExporter([busy])).toThrow(/cpu_busy 1.2/);

    const swapping = host(5, wavy);
    expect(() => scenarioHostToNodeExporter(swapping, { ...nodeShapeFor(0, swapping), swapTotalBytes: 0 })).toThrow(
      /without swap/
    );

    const negative = host(5, (k, name) => (name === 'disk_read_bytes' && k === 2 ? -1 : wavy(k, name)));
    expect(() => scenarioToNodeExporter([negative])).toThrow(/never decreases/);
  });

  it('converts a generated scenario fleet, failure rows included', () => {
    const fleet = generateScenarioFleet({
      seed: 5,
      hosts: 2,
      durationHours: 3,
      failureRate: 8,
      normalSource: 'synthetic',
    });
    expect(fleet.failures.length).toBeGreaterThan(0);
    const out = scenarioToNodeExporter(fleet.hosts);
    const first = fleet.failures[0];
    const hostIndex = fleet.hosts.findIndex((x) => x.instance === first.instance);
    const k = (first.failureMs - fleet.hosts[hostIndex].timestampsMs[0]) / STEP_MS;
    const mine = out.filter((s) => s.labels.instance === first.instance);
    for (const feature of FEATURES) {
      const want = fleet.hosts[hostIndex].values[k * FEATURES.length + FEATURES.indexOf(feature)];
      expect(Math.abs(readBack(mine, feature, k) - want)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(want)));
    }
  });
});

describe('node_uname_info', () => {
  it('is written once per host, so job pickers built on it list the scenario', () => {
    const hosts = [host(8, wavy, 'web-1'), host(8, wavy, 'web-2')];
    const series = scenarioToNodeExporter(hosts);
    const uname = series.filter((s) => s.name === 'node_uname_info');
    expect(uname.map((s) => s.labels.instance).sort()).toEqual(hosts.map((h) => h.instance).sort());
    expect(uname.every((s) => s.labels.job === 'sentinel-scenario' && Array.from(s.values).every((v) => v === 1))).toBe(true);
  });
});
