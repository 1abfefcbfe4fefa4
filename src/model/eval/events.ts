/**
 * Events and alerts as the evaluation protocol (shared/eval-protocol.md) defines them.
 *
 * Times are plain numbers in one unit chosen by the caller and used throughout (the horizon H included):
 * epoch milliseconds for NAB, `row * 60_000` for SMD (a row is a minute), `row * 300_000` for ASD.
 */

export const MINUTE_MS = 60_000;
/** The protocol's default warning horizon H. */
export const DEFAULT_HORIZON_MS = 15 * MINUTE_MS;

/** A maximal run of consecutive flagged steps; both indices inclusive. */
export interface StepRun {
  startIndex: number;
  endIndex: number;
}

/** A labelled anomaly or failure: the protocol's event [s, e], both ends inclusive. */
export interface EvalEvent {
  start: number;
  end: number;
  /**
   * The instant lead time is measured from: s for labelled anomalies, the failure instant f for failure
   * scenarios ("for failure scenarios use f for s").
   */
  onset: number;
}

/** An event read from a per-step 0/1 label array (SMD, ASD). */
export interface LabelledEvent extends EvalEvent, StepRun {}

/** A maximal run of steps where the alert condition holds; its time is its first step's. */
export interface Alert extends StepRun {
  time: number;
}

/** Maximal runs of truthy entries (label 1, alert condition true). NaN counts as not flagged. */
export function maximalRuns(flags: ArrayLike<number | boolean>): StepRun[] {
  const runs: StepRun[] = [];
  let start = -1;
  for (let i = 0; i < flags.length; i++) {
    if (flags[i]) {
      if (start < 0) {
        start = i;
      }
    } else if (start >= 0) {
      runs.push({ startIndex: start, endIndex: i - 1 });
      start = -1;
    }
  }
  if (start >= 0) {
    runs.push({ startIndex: start, endIndex: flags.length - 1 });
  }
  return runs;
}

/** Times of `count` evenly spaced steps: origin, origin + step, ... (SMD and ASD rows carry no timestamps). */
export function stepTimes(count: number, step: number, origin = 0): Float64Array {
  const times = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    times[i] = origin + i * step;
  }
  return times;
}

/** SMD/ASD events: each maximal run of label 1 in the test labels, with its times. */
export function eventsFromLabels(labels: ArrayLike<number | boolean>, times: ArrayLike<number>): LabelledEvent[] {
  requireSameLength('labels', labels.length, times.length);
  return maximalRuns(labels).map((run) => ({
    ...run,
    start: times[run.startIndex],
    end: times[run.endIndex],
    onset: times[run.startIndex],
  }));
}

/** NAB events: one per window of `combined_windows.json` for a file, as epoch milliseconds (UTC). */
export function eventsFromNabWindows(windows: ReadonlyArray<readonly [string, string]>): EvalEvent[] {
  return windows.map(([first, last]) => {
    const start = parseNabTimestamp(first);
    return { start, end: parseNabTimestamp(last), onset: start };
  });
}

/**
 * Failure-scenario events: [f - H, f] for each failure instant f, with f as the onset lead time is
 * measured from. Note the protocol then accepts alerts in [s - H, e] = [f - 2H, f].
 */
export function eventsFromFailures(failureTimes: ArrayLike<number>, horizon: number): EvalEvent[] {
  const events: EvalEvent[] = [];
  for (let i = 0; i < failureTimes.length; i++) {
    const f = failureTimes[i];
    events.push({ start: f - horizon, end: f, onset: f });
  }
  return events;
}

/**
 * Alerts from a per-step alert condition that already includes the shipped rule's hysteresis and minimum
 * duration (e.g. `alertFiring` in src/model/risk): each maximal run of true steps, timed at its first step.
 */
export function alertsFromCondition(condition: ArrayLike<number | boolean>, times: ArrayLike<number>): Alert[] {
  requireSameLength('alert condition', condition.length, times.length);
  return maximalRuns(condition).map((run) => ({ ...run, time: times[run.startIndex] }));
}

const NAB_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?$/;

/**
 * A NAB timestamp ("2014-04-10 07:15:00" in data files, "2014-04-10 07:15:00.000000" in label files) as
 * epoch milliseconds, read as UTC so the result does not depend on the machine's time zone.
 */
export function parseNabTimestamp(text: string): number {
  const m = NAB_TIMESTAMP.exec(text.trim());
  if (!m) {
    throw new Error(`NAB timestamp "${text}" is not "YYYY-MM-DD HH:MM:SS[.ffffff]"; check the file's timestamp column`);
  }
  const ms = m[7] ? Math.floor(Number(m[7].padEnd(6, '0')) / 1000) : 0;
  return Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6], ms);
}

function requireSameLength(what: string, n: number, timesLength: number): void {
  if (n !== timesLength) {
    throw new Error(`${what} has ${n} steps but times has ${timesLength}; pass one time per step`);
  }
}
