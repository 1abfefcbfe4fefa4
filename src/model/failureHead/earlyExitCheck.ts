/**
 * Whether a failure head's early exit kept its promise on a fleet it was not chosen on: the exit
 * (earlyExit.ts) may only stop rows the whole head scores well below the alert's clearing level, so
 * that alert episodes are the same with and without it. `sentinel evaluate` scores the held-out fleet
 * both ways and reports this, as the exit is chosen on the calibration fleet's extremes and a new
 * fleet can reach further.
 */
import { AlertingRule, alertEpisodes } from '../risk/alertEpisodes';

export interface EarlyExitCheck {
  rows: number;
  /** Rows whose risk differs from the whole head's: the ones the exit stopped. */
  stoppedRows: number;
  /** Stopped rows the whole head scores at `safeProbability` or more (the exit's rule says none). */
  stoppedAtOrAboveSafe: number;
  /** The highest risk the whole head gives a stopped row (0 when none stopped). */
  highestStoppedRisk: number;
  /** Hosts whose alert episodes differ with and without the exit. */
  hostsWithChangedEpisodes: number;
}

/** Compares per-host risk with the exit (`withExit`) and without it (`full`), hosts in the same order. */
export function checkEarlyExit(
  withExit: ReadonlyArray<ArrayLike<number>>,
  full: ReadonlyArray<ArrayLike<number>>,
  rule: AlertingRule,
  safeProbability: number
): EarlyExitCheck {
  if (withExit.length !== full.length) {
    throw new Error(`early exit check: ${withExit.length} hosts with the exit, ${full.length} without`);
  }
  const check: EarlyExitCheck = {
    rows: 0,
    stoppedRows: 0,
    stoppedAtOrAboveSafe: 0,
    highestStoppedRisk: 0,
    hostsWithChangedEpisodes: 0,
  };
  withExit.forEach((risk, h) => {
    const whole = full[h];
    if (risk.length !== whole.length) {
      throw new Error(`early exit check: host ${h} has ${risk.length} steps with the exit, ${whole.length} without`);
    }
    check.rows += risk.length;
    for (let i = 0; i < risk.length; i++) {
      if (risk[i] !== whole[i]) {
        check.stoppedRows++;
        check.highestStoppedRisk = Math.max(check.highestStoppedRisk, whole[i]);
        if (whole[i] >= safeProbability) {
          check.stoppedAtOrAboveSafe++;
        }
      }
    }
    if (JSON.stringify(alertEpisodes(risk, rule)) !== JSON.stringify(alertEpisodes(whole, rule))) {
      check.hostsWithChangedEpisodes++;
    }
  });
  return check;
}

/** One line for the evaluation's notes. */
export function formatEarlyExitCheck(check: EarlyExitCheck, trees: number, safeProbability: number): string {
  const share = check.rows === 0 ? 0 : (100 * check.stoppedRows) / check.rows;
  return (
    `failure head early exit (after ${trees} trees), checked against the whole head on this fleet: ` +
    `${check.stoppedRows} of ${check.rows} rows stopped early (${share.toFixed(1)} %), ` +
    `${check.stoppedAtOrAboveSafe} of them scored ≥ ${safeProbability.toFixed(3)} by the whole head ` +
    `(highest ${check.highestStoppedRisk.toFixed(3)}); alert episodes differ on ${check.hostsWithChangedEpisodes} hosts.`
  );
}
