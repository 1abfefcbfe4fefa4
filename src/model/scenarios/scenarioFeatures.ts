import { DEFAULT_FEATURES, FeatureUnit } from '../features/featureSpec';

// Local references: under jest a global lookup (Math, Number) in a hot loop costs ~10x (vm context).
const { min, max } = Math;
const { isNaN } = Number;

/** The generator writes exactly the default feature set, in its order. */
export const SCENARIO_FEATURES: string[] = DEFAULT_FEATURES.map((f) => f.name);
export const SCENARIO_UNITS: FeatureUnit[] = DEFAULT_FEATURES.map((f) => f.unit);

const NAMES = [
  'cpu_busy',
  'cpu_iowait',
  'load_per_core',
  'memory_used',
  'swap_used',
  'disk_busy',
  'disk_read_bytes',
  'disk_write_bytes',
  'filesystem_used',
  'network_rx_bytes',
  'network_tx_bytes',
  'network_errors',
  'tcp_retransmits',
  'fd_used',
] as const;
export type FeatureName = (typeof NAMES)[number];

function indexOf(name: FeatureName): number {
  const i = SCENARIO_FEATURES.indexOf(name);
  if (i < 0) {
    throw new Error(
      `DEFAULT_FEATURES has no "${name}"; the scenario generator models exactly the default node_exporter features`
    );
  }
  return i;
}

/** Column of each feature in a row of F values. */
export const FX = Object.fromEntries(NAMES.map((n) => [n, indexOf(n)])) as Record<FeatureName, number>;
export const F = SCENARIO_FEATURES.length;

/** Physical bounds: ratios in [0, 1], every rate and the load non-negative. */
export function clampPhysical(values: Float64Array): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (isNaN(v)) {
      continue;
    }
    const unit = SCENARIO_UNITS[i % F];
    values[i] = unit === 'ratio' ? min(max(v, 0), 1) : max(v, 0);
  }
}
