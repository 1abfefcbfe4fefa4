/**
 * Standard normal CDF by Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7). Chosen over a library
 * erf because the Go runtime implements this exact formula, term by term, and the two runtimes
 * must agree to 1e-5 on risk.
 */
export function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-z * z);
  return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

export function logistic(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

/** Log-odds of a probability clipped away from 0 and 1, so a certain forecast stays finite. */
export function clippedLogit(p: number, eps = 1e-4): number {
  const q = Math.min(Math.max(p, eps), 1 - eps);
  return Math.log(q / (1 - q));
}
