/**
 * Alert suppression for NAB-style scoring: once an alert has been raised, further alerts that
 * start within `suppressRows` rows of it are dropped (their whole firing run is cleared), as NAB's
 * own detectors do and as its scoring rewards (one detection per window; more are false positives
 * or ignored). A run that started before the suppression ended is kept whole: it is one alert.
 */
export function suppressAlerts(firing: ArrayLike<number>, suppressRows: number): Uint8Array {
  const out = new Uint8Array(firing.length);
  let lastOnset = -Infinity;
  let keep = false;
  for (let i = 0; i < firing.length; i++) {
    const on = firing[i] ? 1 : 0;
    if (on && !(i > 0 && firing[i - 1])) {
      keep = i - lastOnset > suppressRows;
      if (keep) {
        lastOnset = i;
      }
    }
    out[i] = on && keep ? 1 : 0;
  }
  return out;
}

/** Rows suppressed after an alert in a file of `rows` rows: a fixed fraction of its length (at least 1). */
export function suppressionRows(rows: number, fraction: number): number {
  return Math.max(1, Math.round(rows * fraction));
}
