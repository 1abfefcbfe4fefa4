import type { LabelledHost } from '../training/calibrationSet';
import { ScenarioFleet } from './types';

export interface ScenarioLabelOptions {
  /** Warning horizon H in minutes (the evaluation protocol's default is 15). */
  horizonMinutes?: number;
  /**
   * Also label the failure state itself, (f, recovered): the host is in its failure condition, so
   * "fails within H" holds there too. Default true; false labels only [f - H, f] as the
   * evaluation protocol's event window.
   */
  throughRecovery?: boolean;
}

/** Per host, 1 at steps inside a failure's window [f - H, f] (or up to its recovery), else 0. */
export function scenarioLabels(fleet: ScenarioFleet, options: ScenarioLabelOptions = {}): LabelledHost[] {
  const horizonMs = (options.horizonMinutes ?? 15) * 60_000;
  const throughRecovery = options.throughRecovery ?? true;
  return fleet.hosts.map((host) => {
    const labels = new Uint8Array(host.timestampsMs.length);
    for (const failure of fleet.failures) {
      if (failure.instance !== host.instance) {
        continue;
      }
      const from = failure.failureMs - horizonMs;
      const to = throughRecovery ? failure.recoveredMs - 1 : failure.failureMs;
      host.timestampsMs.forEach((t, k) => {
        if (t >= from && t <= to) {
          labels[k] = 1;
        }
      });
    }
    return { host, labels };
  });
}
