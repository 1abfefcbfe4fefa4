/**
 * What the model reads, per host: the default node_exporter feature set and how each feature is
 * queried. The spec travels inside the model artifact (sentinel.json), so a model trained on
 * other metrics (SMD's columns, a fleet's own exporters) carries its own.
 */

/** Units decide the transform before normalisation (see normalise.ts). */
export type FeatureUnit = 'ratio' | 'bytes_per_second' | 'per_second' | 'load_per_core';

export interface FeatureSpec {
  /** Stable id used in artifacts, contributions and error messages. */
  name: string;
  description: string;
  unit: FeatureUnit;
  /**
   * PromQL returning one series per host. `$selector` is replaced by the host matcher
   * (e.g. `instance=~"web-.*"`), `$rate` by the rate window (e.g. `1m`).
   */
  promql: string;
}

export const DEFAULT_RATE_WINDOW = '1m';

const idleCpu = 'node_cpu_seconds_total{mode="idle",$selector}';
const realFs = 'fstype!~"tmpfs|overlay|squashfs|ramfs|nsfs",mountpoint!~"/(run|boot|snap).*"';
const realNic = 'device!~"lo|veth.*|docker.*|br-.*|cali.*|flannel.*|cni.*"';

export const DEFAULT_FEATURES: FeatureSpec[] = [
  {
    name: 'cpu_busy',
    description: 'Share of CPU time not idle, averaged over cores',
    unit: 'ratio',
    promql: `1 - avg by (instance) (rate(${idleCpu}[$rate]))`,
  },
  {
    name: 'cpu_iowait',
    description: 'Share of CPU time waiting for I/O',
    unit: 'ratio',
    promql: 'avg by (instance) (rate(node_cpu_seconds_total{mode="iowait",$selector}[$rate]))',
  },
  {
    name: 'load_per_core',
    description: '1-minute load average divided by the number of cores',
    unit: 'load_per_core',
    promql: `node_load1{$selector} / on (instance) count by (instance) (${idleCpu})`,
  },
  {
    name: 'memory_used',
    description: 'Share of memory not available to new work',
    unit: 'ratio',
    promql: '1 - node_memory_MemAvailable_bytes{$selector} / node_memory_MemTotal_bytes{$selector}',
  },
  {
    name: 'swap_used',
    description: 'Share of swap in use (0 where the host has none)',
    unit: 'ratio',
    promql:
      '(node_memory_SwapTotal_bytes{$selector} - node_memory_SwapFree_bytes{$selector}) / clamp_min(node_memory_SwapTotal_bytes{$selector}, 1)',
  },
  {
    name: 'disk_busy',
    description: 'Busiest disk: share of time with I/O in progress',
    unit: 'ratio',
    promql: 'max by (instance) (rate(node_disk_io_time_seconds_total{$selector}[$rate]))',
  },
  {
    name: 'disk_read_bytes',
    description: 'Bytes read per second, all disks',
    unit: 'bytes_per_second',
    promql: 'sum by (instance) (rate(node_disk_read_bytes_total{$selector}[$rate]))',
  },
  {
    name: 'disk_write_bytes',
    description: 'Bytes written per second, all disks',
    unit: 'bytes_per_second',
    promql: 'sum by (instance) (rate(node_disk_written_bytes_total{$selector}[$rate]))',
  },
  {
    name: 'filesystem_used',
    description: 'Fullest real filesystem: share of space used',
    unit: 'ratio',
    promql: `max by (instance) (1 - node_filesystem_avail_bytes{${realFs},$selector} / node_filesystem_size_bytes{${realFs},$selector})`,
  },
  {
    name: 'network_rx_bytes',
    description: 'Bytes received per second, physical interfaces',
    unit: 'bytes_per_second',
    promql: `sum by (instance) (rate(node_network_receive_bytes_total{${realNic},$selector}[$rate]))`,
  },
  {
    name: 'network_tx_bytes',
    description: 'Bytes sent per second, physical interfaces',
    unit: 'bytes_per_second',
    promql: `sum by (instance) (rate(node_network_transmit_bytes_total{${realNic},$selector}[$rate]))`,
  },
  {
    name: 'network_errors',
    description: 'Receive and transmit errors and drops per second',
    unit: 'per_second',
    promql: `sum by (instance) (rate(node_network_receive_errs_total{${realNic},$selector}[$rate]) + rate(node_network_transmit_errs_total{${realNic},$selector}[$rate]) + rate(node_network_receive_drop_total{${realNic},$selector}[$rate]))`,
  },
  {
    name: 'tcp_retransmits',
    description: 'TCP segments retransmitted per segment sent',
    unit: 'ratio',
    promql:
      'rate(node_netstat_Tcp_RetransSegs{$selector}[$rate]) / clamp_min(rate(node_netstat_Tcp_OutSegs{$selector}[$rate]), 1)',
  },
  {
    name: 'fd_used',
    description: 'Share of the file-descriptor limit allocated',
    unit: 'ratio',
    promql: 'node_filefd_allocated{$selector} / node_filefd_maximum{$selector}',
  },
];

const SELECTOR_PATTERN = /^\s*[a-zA-Z_][a-zA-Z0-9_]*\s*(=|!=|=~|!~)\s*"(?:[^"\\]|\\.)*"\s*(,\s*[a-zA-Z_][a-zA-Z0-9_]*\s*(=|!=|=~|!~)\s*"(?:[^"\\]|\\.)*"\s*)*$/;
const RATE_WINDOW_PATTERN = /^\d+(ms|s|m|h|d)$/;

const DURATION_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Per feature, the grid points to leave missing after its series starts inside a range (AlignOptions
 * .settleSteps): for a feature whose PromQL takes a rate over `$rate`, the points whose window the
 * new series does not fill yet (rate window / step − 1), else 0. pkg/model/features.go SettleSteps
 * is the same rule.
 */
export function settleSteps(features: ReadonlyArray<Pick<FeatureSpec, 'promql'>>, rateWindow: string, stepMs: number): number[] {
  const m = /^(\d+)(ms|s|m|h|d)$/.exec(rateWindow);
  if (!m) {
    throw new Error(`rate window ${JSON.stringify(rateWindow)} is not a PromQL duration like 1m`);
  }
  const windowSteps = Math.ceil((Number(m[1]) * DURATION_MS[m[2]]) / stepMs);
  return features.map((f) => (f.promql.includes('$rate') ? Math.max(0, windowSteps - 1) : 0));
}

/**
 * The feature's PromQL for a host selector. The selector must be label matchers only
 * (`instance=~"web-.*"`, `job="node",env="prod"`): anything else would let a query string
 * change the expression's meaning.
 */
export function renderFeatureQuery(spec: FeatureSpec, selector: string, rateWindow = DEFAULT_RATE_WINDOW): string {
  if (!SELECTOR_PATTERN.test(selector)) {
    throw new Error(`host selector ${JSON.stringify(selector)} is not a list of label matchers like instance=~"web-.*"`);
  }
  if (!RATE_WINDOW_PATTERN.test(rateWindow)) {
    throw new Error(`rate window ${JSON.stringify(rateWindow)} is not a PromQL duration like 1m`);
  }
  return spec.promql.replace(/\$selector/g, selector.trim()).replace(/\$rate/g, rateWindow);
}
