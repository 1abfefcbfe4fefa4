import { ScenarioFleet } from '../scenarios/types';
import { HostWindow } from './trainFailureHead';

/**
 * A scenario fleet's hard negatives for the failure head (trainFailureHead's hardNegatives): each
 * benign event from its start to its end, and each precursor from its start to just before the
 * label window. The head's false alerts on the validation fleets were these two kinds: short
 * spikes in benign events (connection bursts, GC sawtooth; firing for a median 45 s) and
 * alerts 30–45 minutes before a disk fill or CPU runaway, earlier than the protocol counts.
 */
export function hardNegativeWindows(fleet: ScenarioFleet, labelWindowMs: number): HostWindow[] {
  const benign = fleet.benignEvents.map(({ instance, startMs, endMs }) => ({ instance, startMs, endMs }));
  const early = fleet.failures.flatMap(({ instance, precursorStartMs, failureMs }) => {
    const endMs = failureMs - labelWindowMs - 1;
    return endMs >= precursorStartMs ? [{ instance, startMs: precursorStartMs, endMs }] : [];
  });
  return [...benign, ...early];
}
