import * as tf from '@tensorflow/tfjs';
import { HostFeatureMatrix } from '../features/alignSeries';
import { OUTPUT_BLOCKS } from '../lstm/forecaster';
import { ForecasterWeights, forecasterStep } from '../lstm/stepwiseForecast';
import { headLookbackSteps } from '../failureHead/headFeatures';
import { calibrationFeatures, riskFromFeatures } from './calibration';
import { chunkComponents } from './componentScores';
import {
  Contribution,
  contributionsAt,
  failureLimits,
  headRiskAtLastRow,
  headRiskOrFailing,
  normaliseForModel,
  RiskModel,
  streamingRule,
} from './riskEngine';

/** One new risk point of one host. */
export interface LivePoint {
  timestampMs: number;
  risk: number;
  /** Smoothed components (COMPONENTS order; failure as a probability). */
  components: Float64Array;
  contributions: Contribution[];
}

/**
 * The state of one chunk's stream (see streamingPlan.ts: each chunk starts from a zero LSTM state
 * at its warm-up start). `k` counts the steps already taken since that start.
 */
interface Stream {
  chunkStartMs: number;
  k: number;
  h: Float32Array;
  c: Float32Array;
  prevOutputs: Float32Array;
  smoothed: Float64Array;
  /** The stream's last `historyRows` input rows (oldest first), for the failure trend's window. */
  recentZ: Float32Array;
  recentMissing: Uint8Array;
}

/**
 * Risk for the newest steps, carrying every host's state from the previous call: a refresh costs
 * one batched LSTM step per new grid step, not a re-run of the chunk. Follows the shared warm-up
 * rule exactly — near a chunk boundary the next chunk's stream warms up alongside the current
 * one — so every point equals what scoreHosts (and the Go backend) computes for it.
 *
 * A scorer starts at the warm-up start of the chunk holding its first target time; hosts that
 * appear later join at the next chunk's warm-up start (the caller recomputes the timeline when
 * the host set changes).
 */
export class LiveRiskScorer {
  private readonly streams = new Map<string, Stream[]>();
  private lastMs: number | undefined;
  /** Earlier rows a step needs: the previous one (its forecast), or the failure trend's window. */
  private readonly historyRows: number;

  constructor(
    private readonly riskModel: RiskModel,
    private readonly weights: ForecasterWeights,
    private readonly topContributions = 3
  ) {
    // Enough rows for the trend's window and for the failure head's spans.
    this.historyRows = Math.max(
      1,
      (riskModel.meta.failureTrend?.windowSteps ?? 1) - 1,
      riskModel.head ? headLookbackSteps(riskModel.head.inputs) : 0
    );
  }

  /** The newest grid time processed, if any. */
  get processedUntilMs(): number | undefined {
    return this.lastMs;
  }

  /**
   * Processes every grid step in (last processed, untilMs] and returns, per host, the risk points
   * of scored steps. `hosts` must cover those steps on the model's grid (older rows are ignored;
   * absent rows count as missing).
   */
  advance(hosts: HostFeatureMatrix[], untilMs: number): Map<string, LivePoint[]> {
    const rule = streamingRule(this.riskModel.meta);
    const { stepMs, chunkSteps, warmupSteps } = rule;
    const chunkMs = chunkSteps * stepMs;
    const until = Math.floor(untilMs / stepMs) * stepMs;
    const firstChunk = Math.floor(until / chunkMs) * chunkMs;
    const from = this.lastMs === undefined ? firstChunk - warmupSteps * stepMs : this.lastMs + stepMs;
    const out = new Map<string, LivePoint[]>(hosts.map((h) => [h.instance, []]));
    if (until < from) {
      return out;
    }
    const normalised = normaliseForModel(this.riskModel, hosts);
    for (let t = from; t <= until; t += stepMs) {
      const chunkStart = Math.floor(t / chunkMs) * chunkMs;
      const active: Array<{ host: number; stream: Stream }> = [];
      hosts.forEach((host, i) => {
        let streams = (this.streams.get(host.instance) ?? []).filter((s) => s.chunkStartMs + chunkMs > t);
        for (const candidate of [chunkStart, chunkStart + chunkMs]) {
          if (t === candidate - warmupSteps * stepMs && !streams.some((s) => s.chunkStartMs === candidate)) {
            streams.push(this.newStream(candidate));
          }
        }
        this.streams.set(host.instance, streams);
        streams.forEach((stream) => active.push({ host: i, stream }));
      });
      if (active.length > 0) {
        this.step(active, normalised, t, chunkStart, out, hosts);
      }
      this.lastMs = t;
    }
    return out;
  }

  private newStream(chunkStartMs: number): Stream {
    const U = this.weights.units;
    const F = this.weights.features;
    return {
      chunkStartMs,
      k: 0,
      h: new Float32Array(U),
      c: new Float32Array(U),
      prevOutputs: new Float32Array(OUTPUT_BLOCKS.length * F),
      smoothed: new Float64Array(4),
      recentZ: new Float32Array(this.historyRows * F),
      recentMissing: new Uint8Array(this.historyRows * F).fill(1),
    };
  }

  private step(
    active: Array<{ host: number; stream: Stream }>,
    normalised: ReturnType<typeof normaliseForModel>,
    t: number,
    chunkStart: number,
    out: Map<string, LivePoint[]>,
    hosts: HostFeatureMatrix[]
  ) {
    const { meta, isolation, baseline } = this.riskModel;
    const F = this.weights.features;
    const U = this.weights.units;
    const O = OUTPUT_BLOCKS.length * F;
    const stepMs = meta.stepSeconds * 1000;
    const B = active.length;
    const x = new Float32Array(B * F);
    const rowMissing = new Uint8Array(B * F).fill(1);
    const hs = new Float32Array(B * U);
    const cs = new Float32Array(B * U);
    active.forEach(({ host, stream }, b) => {
      const n = normalised[host];
      const row = Math.round((t - n.gridStartMs) / stepMs);
      if (row >= 0 && row < n.z.length / F) {
        x.set(n.z.subarray(row * F, row * F + F), b * F);
        rowMissing.set(n.missing ? n.missing.subarray(row * F, row * F + F) : new Uint8Array(F), b * F);
      }
      hs.set(stream.h, b * U);
      cs.set(stream.c, b * U);
    });
    const [hData, cData, outData] = tf
      .tidy(() => {
        const next = forecasterStep(
          this.weights,
          tf.tensor2d(x, [B, F]),
          tf.tensor2d(hs, [B, U]),
          tf.tensor2d(cs, [B, U])
        );
        return [next.h, next.c, next.out];
      })
      .map((tensor) => {
        const data = tensor.dataSync() as Float32Array;
        tensor.dispose();
        return data;
      });

    const limits = failureLimits(meta);
    const { calibration } = meta;
    active.forEach(({ host, stream }, b) => {
      const outputs = outData.subarray(b * O, b * O + O);
      // The stream's recent rows, then the new one: chunkComponents sees the previous forecast for
      // the residual and the trend's window exactly as at row k of a chunk, and computes row `hist`
      // only. The smoothing continues from the previous smoothed value (none at a stream's start).
      const hist = Math.min(stream.k, this.historyRows);
      const rows = hist + 1;
      const z = new Float32Array(rows * F);
      const missing = new Uint8Array(rows * F);
      const o = new Float32Array(rows * O);
      z.set(stream.recentZ.subarray((this.historyRows - hist) * F));
      missing.set(stream.recentMissing.subarray((this.historyRows - hist) * F));
      z.set(x.subarray(b * F, b * F + F), hist * F);
      missing.set(rowMissing.subarray(b * F, b * F + F), hist * F);
      o.set(outputs, hist * O);
      if (hist > 0) {
        o.set(stream.prevOutputs, (hist - 1) * O);
      }
      const all = chunkComponents(z, missing, o, F, limits, isolation, baseline, {
        times: { startMs: t - hist * stepMs, stepMs },
        trend: meta.failureTrend,
        fromRow: hist,
      });
      // The last two rows (or the only one) as a chunk of their own for smoothing and contributions.
      const base = Math.max(0, hist - 1);
      const parts = {
        raw: all.raw.slice(base * 4),
        residualSq: all.residualSq.subarray(base * F),
        failureByFeature: all.failureByFeature.subarray(base * F),
      };
      if (hist > 0) {
        parts.raw.set(stream.smoothed, 0);
      }
      const { features, smoothed } = calibrationFeatures(
        parts.raw,
        calibration.smoothingAlpha,
        calibration.center,
        calibration.scale
      );
      const last = hist - base;
      stream.h.set(hData.subarray(b * U, b * U + U));
      stream.c.set(cData.subarray(b * U, b * U + U));
      stream.prevOutputs.set(outputs);
      stream.smoothed.set(smoothed.subarray(last * 4, last * 4 + 4));
      stream.recentZ.copyWithin(0, F);
      stream.recentZ.set(z.subarray(hist * F), (this.historyRows - 1) * F);
      stream.recentMissing.copyWithin(0, F);
      stream.recentMissing.set(missing.subarray(hist * F), (this.historyRows - 1) * F);
      stream.k++;
      if (stream.chunkStartMs === chunkStart) {
        out.get(hosts[host].instance)!.push({
          timestampMs: t,
          risk: this.riskModel.head
            ? headRiskOrFailing(
                headRiskAtLastRow(this.riskModel.head, z, missing, F, smoothed.subarray(last * 4, last * 4 + 4)),
                z,
                missing,
                hist,
                F,
                limits
              )
            : riskFromFeatures(features, last, calibration),
          components: Float64Array.from(stream.smoothed),
          contributions: contributionsAt(
            last,
            F,
            features,
            parts,
            z.subarray(base * F),
            missing.subarray(base * F),
            this.riskModel,
            this.topContributions,
            t
          ),
        });
      }
    });
  }
}
