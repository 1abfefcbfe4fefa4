import { BENIGN_MODELS, BenignParams } from './benignModels';
import { stepsOf } from './eventTrace';
import { FAILURE_MODELS, FailureParams } from './failureModels';
import { ScenarioRandom } from './rng';
import { BenignKind, FailureKind, ResolvedScenarioOptions } from './types';

export interface PlannedFailure {
  kind: FailureKind;
  kp: number;
  kf: number;
  params: FailureParams;
}

export interface PlannedBenign {
  kind: BenignKind;
  k0: number;
  params: BenignParams;
}

/** Quiet time kept around a failure (beyond its precursor and recovery) and around a benign event. */
export const FAILURE_PAD_MINUTES = 30;
export const BENIGN_PAD_MINUTES = 10;
const PLACEMENT_TRIES = 50;

/**
 * Where one host's events go: a Poisson number of failures, then of benign events, each at a
 * uniformly drawn place that overlaps nothing booked so far (with padding); an event that finds no
 * room in PLACEMENT_TRIES draws is dropped, so very high rates saturate rather than overlap.
 */
export function planHostEvents(
  random: ScenarioRandom,
  rows: number,
  o: ResolvedScenarioOptions
): { failures: PlannedFailure[]; benign: PlannedBenign[] } {
  const grid = { stepSeconds: o.stepSeconds };
  const days = o.durationHours / 24;
  const booked: Array<[number, number]> = [];
  const free = (from: number, to: number) => booked.every(([a, b]) => to < a || from > b);
  const warmup = Math.round((o.warmupMinutes * 60) / o.stepSeconds);
  const [minLead, maxLead] = o.precursorMinutes;
  const minLeadSteps = Math.max(1, Math.ceil((minLead * 60) / o.stepSeconds));
  const maxLeadSteps = Math.max(minLeadSteps, Math.floor((maxLead * 60) / o.stepSeconds));

  const failures: PlannedFailure[] = [];
  const failureCount = o.kinds.length > 0 ? random.poisson(o.failureRate * days) : 0;
  for (let i = 0; i < failureCount; i++) {
    const kind = random.pick(o.kinds);
    const params = FAILURE_MODELS[kind].sample(random);
    const lead = Math.min(
      Math.max(Math.round((random.uniform(minLead, maxLead) * 60) / o.stepSeconds), minLeadSteps),
      maxLeadSteps
    );
    const after =
      stepsOf(grid, params.holdMinutes) +
      stepsOf(grid, params.recoveryMinutes) +
      (params.tailMinutes > 0 ? stepsOf(grid, params.tailMinutes) : 0);
    const pad = stepsOf(grid, FAILURE_PAD_MINUTES);
    if (warmup + lead > rows - 1) {
      break;
    }
    for (let t = 0; t < PLACEMENT_TRIES; t++) {
      const kf = random.int(warmup + lead, rows - 1);
      const span: [number, number] = [kf - lead - pad, kf + after + pad];
      if (free(...span)) {
        booked.push(span);
        failures.push({ kind, kp: kf - lead, kf, params });
        break;
      }
    }
  }

  const benign: PlannedBenign[] = [];
  const benignCount = o.benignKinds.length > 0 ? random.poisson(o.benignRate * days) : 0;
  for (let i = 0; i < benignCount; i++) {
    const kind = random.pick(o.benignKinds);
    const params = BENIGN_MODELS[kind].sample(random);
    const length = stepsOf(grid, params.durationMinutes + (params.deleteMinutes ?? 0)) + 1;
    const pad = stepsOf(grid, BENIGN_PAD_MINUTES);
    if (warmup > rows - 1 - length) {
      continue;
    }
    for (let t = 0; t < PLACEMENT_TRIES; t++) {
      const k0 = random.int(warmup, rows - 1 - length);
      const span: [number, number] = [k0 - pad, k0 + length + pad];
      if (free(...span)) {
        booked.push(span);
        benign.push({ kind, k0, params });
        break;
      }
    }
  }
  failures.sort((a, b) => a.kf - b.kf);
  benign.sort((a, b) => a.k0 - b.k0);
  return { failures, benign };
}
