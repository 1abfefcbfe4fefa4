import { ScenarioRandom } from './rng';
import { F, FeatureName, FX, SCENARIO_UNITS } from './scenarioFeatures';
import { SMD_COLUMNS, SmdColumn, SmdColumns } from './smdSegments';

// Local references: under jest a global lookup (Math) in a hot loop costs ~10x (vm context).
const { min, max, floor, sin, abs, PI } = Math;

/**
 * How each feature's normal behaviour is made: an affine map of a probable SMD column (SMD values
 * are min-max scaled to [0, 1] per machine, so the maps choose realistic ranges), or a seeded slow
 * process where SMD has no counterpart. docs/scenarios.md carries the same table.
 */
export interface FeatureSource {
  feature: FeatureName;
  /** SMD column, or null for a generated process. */
  column: SmdColumn | null;
  offset: number;
  scale: number;
  note: string;
}

export const SMD_FEATURE_MAP: FeatureSource[] = [
  { feature: 'cpu_busy', column: 'cpu_r', offset: 0.05, scale: 0.6, note: 'CPU utilisation' },
  {
    feature: 'cpu_iowait',
    column: 'disk_q',
    offset: 0.002,
    scale: 0.08,
    note: 'disk queue length: tasks blocked on I/O',
  },
  { feature: 'load_per_core', column: 'load_1', offset: 0.05, scale: 1.2, note: '1-minute load' },
  { feature: 'memory_used', column: 'mem_u', offset: 0.35, scale: 0.3, note: 'memory used' },
  {
    feature: 'swap_used',
    column: null,
    offset: 0,
    scale: 1,
    note: 'slow mean-reverting walk; 25 % of hosts have no swap (0)',
  },
  { feature: 'disk_busy', column: 'disk_u', offset: 0.01, scale: 0.6, note: 'disk utilisation' },
  { feature: 'disk_read_bytes', column: 'disk_rb', offset: 10e3, scale: 50e6, note: 'disk read bytes, 0–50 MB/s' },
  { feature: 'disk_write_bytes', column: 'disk_wb', offset: 10e3, scale: 50e6, note: 'disk written bytes, 0–50 MB/s' },
  {
    feature: 'filesystem_used',
    column: null,
    offset: 0,
    scale: 1,
    note: 'slow walk around a per-host level 0.2–0.7 with a small upward drift',
  },
  { feature: 'network_rx_bytes', column: 'eth1_fi', offset: 20e3, scale: 80e6, note: 'eth1 bytes in, 0–80 MB/s' },
  { feature: 'network_tx_bytes', column: 'eth1_fo', offset: 20e3, scale: 80e6, note: 'eth1 bytes out, 0–80 MB/s' },
  {
    feature: 'network_errors',
    column: null,
    offset: 0,
    scale: 1,
    note: 'sparse: per-host background rate (0 on 70 % of hosts, else ≤ 0.05/s) plus rare 1–3 min bursts ≤ 2/s',
  },
  {
    feature: 'tcp_retransmits',
    column: 'retransegs',
    offset: 0.0005,
    scale: 0.015,
    note: 'retransmitted segments; a ratio of two min-max scaled columns would be meaningless, so retransegs alone sets 0.05–1.55 %',
  },
  {
    feature: 'fd_used',
    column: 'tcp_use',
    offset: 0.02,
    scale: 0.2,
    note: 'TCP sockets in use (each holds a descriptor)',
  },
];

/** Per-step measurement noise: absolute σ plus σ relative to the value (byte and event rates). */
export const STEP_NOISE: Record<FeatureName, { abs: number; rel: number }> = {
  cpu_busy: { abs: 0.008, rel: 0 },
  cpu_iowait: { abs: 0.0008, rel: 0 },
  load_per_core: { abs: 0.015, rel: 0 },
  memory_used: { abs: 0.002, rel: 0 },
  swap_used: { abs: 0.0003, rel: 0 },
  disk_busy: { abs: 0.004, rel: 0 },
  disk_read_bytes: { abs: 5e3, rel: 0.04 },
  disk_write_bytes: { abs: 5e3, rel: 0.04 },
  filesystem_used: { abs: 0.0001, rel: 0 },
  network_rx_bytes: { abs: 5e3, rel: 0.03 },
  network_tx_bytes: { abs: 5e3, rel: 0.03 },
  network_errors: { abs: 0, rel: 0.2 },
  tcp_retransmits: { abs: 0.0002, rel: 0 },
  fd_used: { abs: 0.0015, rel: 0 },
};

export interface HostTraits {
  hasSwap: boolean;
}

/** Normal behaviour at one row a minute: mapped SMD columns plus the generated processes, row-major. */
export function minuteTraces(
  columns: SmdColumns,
  minutes: number,
  random: ScenarioRandom,
  traits: HostTraits
): Float64Array {
  const out = new Float64Array(minutes * F);
  for (const source of SMD_FEATURE_MAP) {
    const f = FX[source.feature];
    const trace = source.column
      ? columns[source.column].map((x) => source.offset + source.scale * x)
      : generatedProcess(source.feature, minutes, random, traits);
    for (let m = 0; m < minutes; m++) {
      out[m * F + f] = trace[m];
    }
  }
  return out;
}

function generatedProcess(
  feature: FeatureName,
  minutes: number,
  random: ScenarioRandom,
  traits: HostTraits
): Float64Array {
  const out = new Float64Array(minutes);
  if (feature === 'filesystem_used') {
    const level = random.uniform(0.2, 0.7);
    const driftPerMinute = random.uniform(0, 0.03) / 1440;
    ornsteinUhlenbeck(out, random, (m) => level + driftPerMinute * m, 0.02, 0.0003, 0.05, 0.9);
  } else if (feature === 'swap_used') {
    if (traits.hasSwap) {
      const level = random.uniform(0, 0.15);
      ornsteinUhlenbeck(out, random, () => level, 0.01, 0.001, 0, 0.25);
    }
  } else if (feature === 'network_errors') {
    const background = random.chance(0.3) ? random.uniform(0.001, 0.05) : 0;
    let burstLeft = 0;
    let burst = 0;
    for (let m = 0; m < minutes; m++) {
      if (burstLeft === 0 && random.chance(0.004)) {
        burstLeft = random.int(1, 3);
        burst = random.uniform(0.2, 2);
      }
      out[m] = max(0, background * (1 + 0.5 * random.normal())) + (burstLeft > 0 ? burst : 0);
      burstLeft = max(0, burstLeft - 1);
    }
  }
  return out;
}

function ornsteinUhlenbeck(
  out: Float64Array,
  random: ScenarioRandom,
  mean: (m: number) => number,
  theta: number,
  sigma: number,
  lo: number,
  hi: number
): void {
  let x = mean(0);
  for (let m = 0; m < out.length; m++) {
    x += theta * (mean(m) - x) + sigma * random.normal();
    x = min(max(x, lo), hi);
    out[m] = x;
  }
}

/**
 * A stand-in for SMD where the dataset is absent (CI without /work/shared): the same columns as
 * daily cycles plus mean-reverting noise and rare spikes, in [0, 1] like SMD's scaled values.
 */
export function syntheticColumns(minutes: number, random: ScenarioRandom): SmdColumns {
  const out = {} as SmdColumns;
  const phase = random.uniform(0, 2 * PI);
  const daily = (m: number) => sin((2 * PI * m) / 1440 + phase);
  const walk = (level: number, amplitude: number, sigma: number, spikeChance: number) => {
    const trace = new Float64Array(minutes);
    let x = 0;
    for (let m = 0; m < minutes; m++) {
      x += 0.05 * -x + sigma * random.normal();
      const spike = random.chance(spikeChance) ? random.uniform(0.2, 0.8) : 0;
      trace[m] = min(max(level + amplitude * daily(m) + x + spike, 0), 1);
    }
    return trace;
  };
  for (const column of SMD_COLUMNS) {
    out[column] = walk(random.uniform(0.05, 0.3), random.uniform(0.02, 0.1), 0.02, 0.002);
  }
  out.mem_u = walk(random.uniform(0.3, 0.9), 0.05, 0.01, 0);
  out.load_1 = out.cpu_r.map((c, m) => min(max(0.7 * c + 0.05 * sin(m / 37), 0), 1));
  out.eth1_fo = out.eth1_fi.map((x) => min(0.8 * x + 0.02, 1));
  return out;
}

/**
 * Minute rows onto the step grid: linear interpolation between minutes plus seeded white noise
 * (STEP_NOISE × noise), so sub-minute rows are not straight lines between SMD's readings.
 */
export function resampleToStep(
  minuteRows: Float64Array,
  rows: number,
  stepSeconds: number,
  noise: number,
  random: ScenarioRandom
): Float64Array {
  const minutes = minuteRows.length / F;
  const out = new Float64Array(rows * F);
  const sigma = new Float64Array(F);
  const rel = new Float64Array(F);
  for (const [name, n] of Object.entries(STEP_NOISE)) {
    sigma[FX[name as FeatureName]] = noise * n.abs;
    rel[FX[name as FeatureName]] = noise * n.rel;
  }
  for (let k = 0; k < rows; k++) {
    const x = (k * stepSeconds) / 60;
    const i0 = min(floor(x), minutes - 1);
    const i1 = min(i0 + 1, minutes - 1);
    const w = x - i0;
    for (let f = 0; f < F; f++) {
      out[k * F + f] = (1 - w) * minuteRows[i0 * F + f] + w * minuteRows[i1 * F + f];
    }
    if (noise > 0) {
      for (let f = 0; f < F; f++) {
        const v = out[k * F + f];
        out[k * F + f] = v + (sigma[f] + rel[f] * abs(v)) * random.normal();
      }
    }
  }
  for (let i = 0; i < out.length; i++) {
    const unit = SCENARIO_UNITS[i % F];
    out[i] = unit === 'ratio' ? min(max(out[i], 0), 1) : max(out[i], 0);
  }
  return out;
}

/** Minutes of normal rows a grid of `rows` steps needs (one extra for interpolating the last). */
export function minutesFor(rows: number, stepSeconds: number): number {
  return floor(((rows - 1) * stepSeconds) / 60) + 2;
}
