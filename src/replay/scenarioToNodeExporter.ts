import { HostFeatureMatrix } from '../model/features/alignSeries';
import { ReplayInputError, ReplaySeries } from './types';

/**
 * A scenario host (feature space: cpu_busy ratio, disk bytes/s, …) as the raw series a real
 * node_exporter would have given, so the model's default PromQL (featureSpec.ts) reads the
 * features back from a real TSDB.
 *
 * - Rates become counters: the sample at t_k adds `value[k] · (t_k − t_{k−1})`, i.e. the feature
 *   at t_k is the rate over the interval that ends there. `rate(x[1m])` at a grid time then gives
 *   the mean of the feature over the window's steps (exactly, when samples lie on the grid),
 *   not the instantaneous value: that is what a real exporter gives the model too.
 * - Gauges (load, memory, swap, filesystem, file descriptors) are written as the feature times a
 *   fixed capacity, so the PromQL ratio gives the feature back to rounding.
 * - Each family also holds series the default PromQL must leave out (lo and veth traffic, tmpfs
 *   and /boot filesystems) and a second, less busy disk and filesystem, so a broken label filter
 *   or aggregation shows up as a wrong value rather than going unnoticed.
 */

/** Scenario replays are kept apart from live data (job="node") and dataset replays (job="replay"). */
export const SCENARIO_JOB = 'sentinel-scenario';

/** What a host looks like besides its features; fixed per host so the conversion is deterministic. */
export interface NodeShape {
  /** Cores: count(node_cpu_seconds_total{mode="idle"}) and node_load1 = load_per_core · cpus. */
  cpus: number;
  memTotalBytes: number;
  /** 0 for a host without swap (its swap_used must then be 0 throughout). */
  swapTotalBytes: number;
  rootFsBytes: number;
  fdMaximum: number;
  /**
   * TCP segments sent per second, held constant: tcp_retransmits is a ratio of two rates over the
   * window, which equals the window mean of the feature only when the denominator is constant.
   */
  tcpOutSegsPerSecond: number;
}

const GiB = 2 ** 30;
const CPU_COUNTS = [2, 4, 8, 4];

/** A plausible, deterministic shape for host number `index` (0-based). */
export function nodeShapeFor(index: number, host: HostFeatureMatrix): NodeShape {
  const swap = column(host, 'swap_used');
  let hasSwap = false;
  for (let k = 0; k < host.timestampsMs.length && !hasSwap; k++) {
    hasSwap = host.values[k * host.features.length + swap] > 0;
  }
  return {
    cpus: CPU_COUNTS[index % CPU_COUNTS.length],
    memTotalBytes: 16 * GiB * (1 + (index % 3)),
    swapTotalBytes: hasSwap ? 4 * GiB : 0,
    rootFsBytes: 200e9,
    fdMaximum: 1_048_576,
    tcpOutSegsPerSecond: 5_000,
  };
}

/** Share of the busiest disk's activity the second disk (sdb) gets; below 1, so max() picks sda. */
const SECOND_DISK_SHARE = 0.25;
/** Share of reads and writes on sda; the rest on sdb, so only the sum gives the feature back. */
const SDA_BYTES_SHARE = 0.8;
/** /data's usage relative to /, below 1, so max() picks /. */
const DATA_FS_SHARE = 0.5;

interface SeriesBuilder {
  labels: Record<string, string>;
  name: string;
  /** Value of the series at row k; NaN leaves the sample out. */
  at: (k: number) => number;
  counter: boolean;
}

/** Every node_exporter series of one host, for all its rows. */
export function scenarioHostToNodeExporter(
  host: HostFeatureMatrix,
  shape: NodeShape,
  job = SCENARIO_JOB
): ReplaySeries[] {
  const f = (name: string) => {
    const c = column(host, name);
    const width = host.features.length;
    return (k: number) => host.values[k * width + c];
  };
  const cpuBusy = f('cpu_busy');
  const iowait = f('cpu_iowait');
  const load = f('load_per_core');
  const memory = f('memory_used');
  const swap = f('swap_used');
  const diskBusy = f('disk_busy');
  const reads = f('disk_read_bytes');
  const writes = f('disk_write_bytes');
  const fsUsed = f('filesystem_used');
  const rx = f('network_rx_bytes');
  const tx = f('network_tx_bytes');
  const errors = f('network_errors');
  const retransmits = f('tcp_retransmits');
  const fd = f('fd_used');
  checkHost(host, shape, { cpuBusy, iowait, swap });

  const base = { instance: host.instance, job };
  const builders: SeriesBuilder[] = [];
  const add = (name: string, labels: Record<string, string>, at: (k: number) => number, counter: boolean) =>
    builders.push({ name, labels: { ...base, ...labels }, at, counter });

  for (let cpu = 0; cpu < shape.cpus; cpu++) {
    const l = { cpu: String(cpu) };
    add('node_cpu_seconds_total', { ...l, mode: 'idle' }, (k) => 1 - cpuBusy(k), true);
    add('node_cpu_seconds_total', { ...l, mode: 'iowait' }, iowait, true);
    add('node_cpu_seconds_total', { ...l, mode: 'user' }, (k) => Math.max(cpuBusy(k) - iowait(k), 0) * 0.7, true);
    add('node_cpu_seconds_total', { ...l, mode: 'system' }, (k) => Math.max(cpuBusy(k) - iowait(k), 0) * 0.3, true);
  }
  add('node_load1', {}, (k) => load(k) * shape.cpus, false);
  add('node_memory_MemTotal_bytes', {}, () => shape.memTotalBytes, false);
  add('node_memory_MemAvailable_bytes', {}, (k) => (1 - memory(k)) * shape.memTotalBytes, false);
  add('node_memory_SwapTotal_bytes', {}, () => shape.swapTotalBytes, false);
  add('node_memory_SwapFree_bytes', {}, (k) => (1 - swap(k)) * shape.swapTotalBytes, false);

  const disks: Array<[string, number, number]> = [
    ['sda', 1, SDA_BYTES_SHARE],
    ['sdb', SECOND_DISK_SHARE, 1 - SDA_BYTES_SHARE],
  ];
  for (const [device, busyShare, bytesShare] of disks) {
    add('node_disk_io_time_seconds_total', { device }, (k) => diskBusy(k) * busyShare, true);
    add('node_disk_read_bytes_total', { device }, (k) => reads(k) * bytesShare, true);
    add('node_disk_written_bytes_total', { device }, (k) => writes(k) * bytesShare, true);
  }

  // [device, fstype, mountpoint, size, used share]; the last two must be left out by the filter.
  const filesystems: Array<[string, string, string, number, (k: number) => number]> = [
    ['/dev/sda1', 'ext4', '/', shape.rootFsBytes, fsUsed],
    ['/dev/sdb1', 'xfs', '/data', 4 * shape.rootFsBytes, (k) => fsUsed(k) * DATA_FS_SHARE],
    ['tmpfs', 'tmpfs', '/run', GiB, () => 0.999],
    ['/dev/sda2', 'ext4', '/boot', GiB / 2, () => 0.995],
  ];
  for (const [device, fstype, mountpoint, size, used] of filesystems) {
    const l = { device, fstype, mountpoint };
    add('node_filesystem_size_bytes', l, () => size, false);
    add('node_filesystem_avail_bytes', l, (k) => (1 - used(k)) * size, false);
  }

  // eth0 carries the feature; lo and a container's veth carry traffic the filter must leave out.
  const nics: Array<[string, number]> = [
    ['eth0', 1],
    ['lo', 0],
    ['veth3a9c1f2', 0],
  ];
  for (const [device, share] of nics) {
    const other = share === 1 ? 0 : 1;
    const l = { device };
    add('node_network_receive_bytes_total', l, (k) => rx(k) * share + other * 2e6, true);
    add('node_network_transmit_bytes_total', l, (k) => tx(k) * share + other * 2e6, true);
    add('node_network_receive_errs_total', l, (k) => errors(k) * share * 0.5 + other, true);
    add('node_network_transmit_errs_total', l, (k) => errors(k) * share * 0.25 + other, true);
    add('node_network_receive_drop_total', l, (k) => errors(k) * share * 0.25 + other, true);
  }

  add('node_netstat_Tcp_OutSegs', {}, () => shape.tcpOutSegsPerSecond, true);
  add('node_netstat_Tcp_RetransSegs', {}, (k) => retransmits(k) * shape.tcpOutSegsPerSecond, true);
  add('node_filefd_maximum', {}, () => shape.fdMaximum, false);
  add('node_filefd_allocated', {}, (k) => fd(k) * shape.fdMaximum, false);
  // One per node_exporter target, like the real exporter: the app's fleet page lists jobs from it.
  add('node_uname_info', { nodename: host.instance, sysname: 'Linux', machine: 'x86_64' }, () => 1, false);

  return builders.map((b) => materialise(host, b));
}

/** Every host of a scenario fleet, each with its own shape. */
export function scenarioToNodeExporter(hosts: HostFeatureMatrix[], job = SCENARIO_JOB): ReplaySeries[] {
  return hosts.flatMap((host, i) => scenarioHostToNodeExporter(host, nodeShapeFor(i, host), job));
}

function materialise(host: HostFeatureMatrix, b: SeriesBuilder): ReplaySeries {
  const timestampsMs: number[] = [];
  const values: number[] = [];
  const t = host.timestampsMs;
  // Counters start where a host up for a while would be, not at 0.
  let total = b.counter ? 1e6 : 0;
  let lastRate = 0;
  for (let k = 0; k < t.length; k++) {
    const v = b.at(k);
    if (b.counter) {
      // A missed scrape (NaN) still lets time pass: the counter keeps growing at the last known rate.
      const rate = Number.isNaN(v) ? lastRate : v;
      if (rate < 0) {
        throw new ReplayInputError(
          `${host.instance}: ${b.name}${JSON.stringify(b.labels)} would fall (rate ${rate} at ${new Date(t[k]).toISOString()}); a counter never decreases`
        );
      }
      if (k > 0) {
        total += rate * ((t[k] - t[k - 1]) / 1000);
      }
      lastRate = rate;
      if (Number.isNaN(v)) {
        continue;
      }
      timestampsMs.push(t[k]);
      values.push(total);
    } else if (!Number.isNaN(v)) {
      timestampsMs.push(t[k]);
      values.push(v);
    }
  }
  return { name: b.name, labels: b.labels, timestampsMs, values };
}

function column(host: HostFeatureMatrix, name: string): number {
  const c = host.features.indexOf(name);
  if (c < 0) {
    throw new ReplayInputError(
      `${host.instance}: no feature "${name}" (has ${host.features.join(', ')}); node_exporter series are made from the 14 default features`
    );
  }
  return c;
}

/** Refuses rows no real host could report, before anything is written. */
function checkHost(
  host: HostFeatureMatrix,
  shape: NodeShape,
  f: { cpuBusy: (k: number) => number; iowait: (k: number) => number; swap: (k: number) => number }
): void {
  if (!Number.isInteger(shape.cpus) || shape.cpus < 1) {
    throw new ReplayInputError(`${host.instance}: cpus must be a positive integer, got ${shape.cpus}`);
  }
  for (let k = 0; k < host.timestampsMs.length; k++) {
    const when = () => new Date(host.timestampsMs[k]).toISOString();
    if (f.cpuBusy(k) > 1 || f.iowait(k) > 1) {
      throw new ReplayInputError(
        `${host.instance} at ${when()}: cpu_busy ${f.cpuBusy(k)} / cpu_iowait ${f.iowait(k)} above 1`
      );
    }
    if (shape.swapTotalBytes === 0 && f.swap(k) > 0) {
      throw new ReplayInputError(`${host.instance} at ${when()}: swap_used ${f.swap(k)} on a host without swap`);
    }
  }
}
