import { HostFeatureMatrix } from '../features/alignSeries';

export interface FailureInstant {
  instance: string;
  failureMs: number;
  /** End of the failure state (restart, clean-up); steps after failureMs up to here are left out of fits. */
  recoveredMs?: number;
}

/** Label values: 1 inside a warning window, 0 normal, IGNORED for the failure state itself. */
export const IGNORED = 2;

/**
 * Per grid step of a host: 1 in [f − H, f] for each failure f (the evaluation protocol's event
 * window), IGNORED while the host is failed (f, recovered], 0 elsewhere.
 */
export function failureLabels(host: HostFeatureMatrix, failures: FailureInstant[], horizonMs: number): Uint8Array {
  const labels = new Uint8Array(host.timestampsMs.length);
  const mine = failures.filter((f) => f.instance === host.instance);
  host.timestampsMs.forEach((t, k) => {
    for (const f of mine) {
      if (t >= f.failureMs - horizonMs && t <= f.failureMs) {
        labels[k] = 1;
      } else if (t > f.failureMs && t <= (f.recoveredMs ?? f.failureMs) && labels[k] === 0) {
        labels[k] = IGNORED;
      }
    }
  });
  return labels;
}
