/**
 * Fits the supervised failure head on labelled fleets the rest of the model was not trained on.
 * Rows are each scored step's head inputs exactly as scoring computes them (scoreHosts with
 * `headInputs`), every `strideSteps`-th step (neighbouring 15-second steps are nearly the same row);
 * a step is positive when a failure of its host comes within `labelWindowSteps`; steps from a
 * failure to `quietAfterMinutes` after it are left out (0, the default model's setting: none are,
 * so the head learns that a failed or recovering host is not about to fail).
 */
import { HostFeatureMatrix } from '../features/alignSeries';
import { failureLimits, RiskModel, scoreHosts } from '../risk/riskEngine';
import { FailureInstant } from '../training/labels';
import { FailureHead } from './failureHeadJson';
import { HEAD_PARTS, headFeatureCount, HeadInputSpec } from './headFeatures';
import { BoostedTreesOptions, trainBoostedTrees } from './trainBoostedTrees';

export interface FailureHeadOptions {
  inputs: HeadInputSpec;
  /**
   * Steps before a failure labelled positive. Longer than the horizon on purpose: the protocol
   * accepts an alert up to 2H before a failure, and a 1.5H window (chosen on the validation fleets
   * over H and 2H) buys lead at the same precision.
   */
  labelWindowSteps: number;
  strideSteps: number;
  quietAfterMinutes: number;
  /** Steps at the start of each host left unscored (the first chunk's warm-up). */
  skipSteps: number;
  /**
   * Parts (head inputs 0…3: failure, residual, Isolation Forest, baseline) the head may not read:
   * they are missing in every training row, so no tree splits on them, and scoring can skip
   * computing a part the calibration weighs 0 as well (riskEngine's skipUnusedParts).
   */
  unreadParts?: readonly number[];
  /**
   * Label positive the steps in the hour after a failure where a feature with a failure limit is
   * still at or beyond it: the host is failing, and risk should say so (docs/failure-head.md).
   */
  failingPositive?: boolean;
  /**
   * Stride inside a fleet's hard-negative windows (LabelledFleet.hardNegatives); strideSteps
   * elsewhere. Left unset, the windows are sampled like every other step.
   */
  hardNegativeStrideSteps?: number;
  trees: Partial<BoostedTreesOptions>;
}

/** A span of one host's steps, epoch ms, both ends included. */
export interface HostWindow {
  instance: string;
  startMs: number;
  endMs: number;
}

export interface LabelledFleet {
  hosts: HostFeatureMatrix[];
  failures: FailureInstant[];
  /**
   * Where negatives are hard: changes that look like a precursor but end without a failure, and
   * precursors before the label window. Sampled at hardNegativeStrideSteps: the head's false
   * alerts there fired for under a minute, near a benign event's peak, where the common stride
   * leaves it a few rows to learn from.
   */
  hardNegatives?: HostWindow[];
}

/** Head training rows (row-major, K columns) and their 0/1 labels. */
export function failureHeadRows(
  riskModel: RiskModel,
  fleets: LabelledFleet[],
  options: Omit<FailureHeadOptions, 'trees'>
): { rows: Float64Array; labels: Uint8Array; features: number } {
  const F = riskModel.meta.features.length;
  const K = headFeatureCount(F, options.inputs);
  const stepMs = riskModel.meta.stepSeconds * 1000;
  const limits = failureLimits(riskModel.meta);
  // Where a step's own (normalised) value sits among its head inputs.
  const valueAt = HEAD_PARTS + options.inputs.slopeSteps.length * F;
  const rows: Float64Array[] = [];
  const labels: number[] = [];
  for (const fleet of fleets) {
    for (const host of fleet.hosts) {
      const t = host.timestampsMs;
      const scored = scoreHosts(riskModel, [host], t[0] + options.skipSteps * stepMs, t[t.length - 1], {
        headInputs: options.inputs,
      });
      const inputs = scored.hosts[0].headInputs!;
      const failures = fleet.failures.filter((f) => f.instance === host.instance).map((f) => f.failureMs);
      const hard = (fleet.hardNegatives ?? []).filter((w) => w.instance === host.instance);
      const denseStride = options.hardNegativeStrideSteps ?? options.strideSteps;
      for (let s = 0; s < scored.timestampsMs.length; s++) {
        const time = scored.timestampsMs[s];
        const stride = hard.some((w) => time >= w.startMs && time <= w.endMs) ? denseStride : options.strideSteps;
        if (s % stride !== 0) {
          continue;
        }
        if (failures.some((f) => time > f && time <= f + options.quietAfterMinutes * 60_000)) {
          continue;
        }
        const row = inputs.slice(s * K, s * K + K);
        const failing =
          options.failingPositive &&
          failures.some((f) => time > f && time <= f + 3_600_000) &&
          limits.some((l) => row[valueAt + l.feature] >= l.limitZ);
        labels.push(
          failing || failures.some((f) => time <= f && time >= f - options.labelWindowSteps * stepMs) ? 1 : 0
        );
        for (const part of options.unreadParts ?? []) {
          row[part] = NaN;
        }
        rows.push(row);
      }
    }
  }
  const flat = new Float64Array(rows.length * K);
  rows.forEach((row, i) => flat.set(row, i * K));
  return { rows: flat, labels: Uint8Array.from(labels), features: K };
}

export function trainFailureHead(
  riskModel: RiskModel,
  fleets: LabelledFleet[],
  options: FailureHeadOptions
): FailureHead {
  const { rows, labels, features } = failureHeadRows(riskModel, fleets, options);
  return {
    inputs: options.inputs,
    labelWindowSteps: options.labelWindowSteps,
    trees: trainBoostedTrees(rows, features, labels, options.trees),
  };
}
