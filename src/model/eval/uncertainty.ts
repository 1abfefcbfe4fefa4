/**
 * How far a ratio measured on few events can be trusted: the Wilson score interval, which stays
 * inside [0, 1] and behaves at 0 and n (unlike the normal approximation), so "36 of 43" reads as
 * 0.84 with a 95 % interval of about 0.70–0.92 rather than as a point.
 */

/** Two-sided 95 % normal quantile. */
const Z95 = 1.959963984540054;

export interface ProportionInterval {
  successes: number;
  trials: number;
  /** successes / trials. */
  estimate: number;
  low: number;
  high: number;
}

/** The Wilson score interval for `successes` of `trials` at 95 %; null when there are no trials. */
export function wilsonInterval(successes: number, trials: number, z = Z95): ProportionInterval | null {
  if (!Number.isInteger(successes) || !Number.isInteger(trials) || successes < 0 || successes > trials) {
    throw new Error(`wilsonInterval: ${successes} successes of ${trials} trials is not a count`);
  }
  if (trials === 0) {
    return null;
  }
  const p = successes / trials;
  const z2 = z * z;
  const denominator = 1 + z2 / trials;
  const centre = (p + z2 / (2 * trials)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))) / denominator;
  // At 0 and n the interval touches the bound exactly; rounding must not leave it a hair inside.
  return {
    successes,
    trials,
    estimate: p,
    low: successes === 0 ? 0 : Math.max(0, centre - half),
    high: successes === trials ? 1 : Math.min(1, centre + half),
  };
}

/** "36/43 = 0.837 (95 % interval 0.700–0.919)", or "no trials". */
export function formatInterval(interval: ProportionInterval | null): string {
  if (!interval) {
    return 'no trials';
  }
  const f = (x: number) => x.toFixed(3);
  return `${interval.successes}/${interval.trials} = ${f(interval.estimate)} (95 % interval ${f(interval.low)}–${f(interval.high)})`;
}
