import { F, FeatureName, FX } from './scenarioFeatures';
import { FailureKind, FAILURE_KINDS } from './types';

/**
 * When a host counts as failed, per kind, from one row of features. A scenario's failure instant
 * f is the first step at which its kind's condition holds; normal rows and benign events never
 * meet any of them.
 */
export const FAILURE_THRESHOLDS = {
  memoryUsed: 0.97,
  filesystemUsed: 0.98,
  cpuBusy: 0.95,
  loadPerCore: 2,
  fdUsed: 0.97,
  tcpRetransmits: 0.05,
  /** Share of the link capacity at which a saturated link drops packets. */
  linkShare: 0.85,
} as const;

export const DEFAULT_LINK_CAP_BYTES_PER_SECOND = 117.5e6;

export const FAILURE_CONDITION_TEXT: Record<FailureKind, string> = {
  memory_leak: `memory_used >= ${FAILURE_THRESHOLDS.memoryUsed}`,
  disk_fill: `filesystem_used >= ${FAILURE_THRESHOLDS.filesystemUsed}`,
  cpu_runaway: `cpu_busy >= ${FAILURE_THRESHOLDS.cpuBusy} and load_per_core >= ${FAILURE_THRESHOLDS.loadPerCore}`,
  fd_exhaustion: `fd_used >= ${FAILURE_THRESHOLDS.fdUsed}`,
  network_saturation: `max(network_rx_bytes, network_tx_bytes) >= ${FAILURE_THRESHOLDS.linkShare} x link capacity and tcp_retransmits >= ${FAILURE_THRESHOLDS.tcpRetransmits}`,
};

/** Whether `kind`'s failure condition holds in the row starting at `offset`. */
export function conditionHolds(
  kind: FailureKind,
  values: ArrayLike<number>,
  offset: number,
  linkCap = DEFAULT_LINK_CAP_BYTES_PER_SECOND
): boolean {
  const v = (f: number) => values[offset + f];
  const t = FAILURE_THRESHOLDS;
  switch (kind) {
    case 'memory_leak':
      return v(FX.memory_used) >= t.memoryUsed;
    case 'disk_fill':
      return v(FX.filesystem_used) >= t.filesystemUsed;
    case 'cpu_runaway':
      return v(FX.cpu_busy) >= t.cpuBusy && v(FX.load_per_core) >= t.loadPerCore;
    case 'fd_exhaustion':
      return v(FX.fd_used) >= t.fdUsed;
    case 'network_saturation':
      return (
        Math.max(v(FX.network_rx_bytes), v(FX.network_tx_bytes)) >= t.linkShare * linkCap &&
        v(FX.tcp_retransmits) >= t.tcpRetransmits
      );
  }
}

/** Every kind whose condition holds in the row (empty for a healthy row or a missing one). */
export function conditionsAt(
  values: ArrayLike<number>,
  offset: number,
  linkCap = DEFAULT_LINK_CAP_BYTES_PER_SECOND
): FailureKind[] {
  return FAILURE_KINDS.filter((kind) => conditionHolds(kind, values, offset, linkCap));
}

/** The feature that crosses last on the way to each kind's failure (the others may saturate earlier). */
const GATE: Record<FailureKind, { feature: FeatureName; threshold: number }> = {
  memory_leak: { feature: 'memory_used', threshold: FAILURE_THRESHOLDS.memoryUsed },
  disk_fill: { feature: 'filesystem_used', threshold: FAILURE_THRESHOLDS.filesystemUsed },
  cpu_runaway: { feature: 'load_per_core', threshold: FAILURE_THRESHOLDS.loadPerCore },
  fd_exhaustion: { feature: 'fd_used', threshold: FAILURE_THRESHOLDS.fdUsed },
  network_saturation: { feature: 'tcp_retransmits', threshold: FAILURE_THRESHOLDS.tcpRetransmits },
};

/** How far below its threshold a gated feature is held before f. */
const GATE_MARGIN = 5e-4;

/**
 * Makes f the first step at which the kind's condition holds: a ramp that would cross its
 * threshold a step or two early (noise, a steep end) is held just below it until f. Throws if
 * the condition does not hold at f, which would be a bug in the kind's model.
 */
export function gateFailure(values: Float64Array, kind: FailureKind, kp: number, kf: number, linkCap: number): void {
  const { feature, threshold } = GATE[kind];
  const f = FX[feature];
  for (let k = Math.max(kp, 0); k < kf; k++) {
    values[k * F + f] = Math.min(values[k * F + f], threshold - GATE_MARGIN);
  }
  if (!conditionHolds(kind, values, kf * F, linkCap)) {
    const row = Array.from(values.subarray(kf * F, kf * F + F), (v) => v.toPrecision(4)).join(', ');
    throw new Error(
      `scenario generator bug: ${kind} does not meet "${FAILURE_CONDITION_TEXT[kind]}" at its failure step ${kf} (row ${row})`
    );
  }
}
