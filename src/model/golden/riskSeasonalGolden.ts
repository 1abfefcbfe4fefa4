import fs from 'node:fs/promises';
import path from 'node:path';
import { saveArtifactDir } from '../artifact/artifactDir';
import { SentinelJson } from '../artifact/sentinelJson';
import { HostFeatureMatrix } from '../features/alignSeries';
import { DEFAULT_FEATURES } from '../features/featureSpec';
import { fitNormalisation, normaliseHost } from '../features/normalise';
import { scoreRow, toJSON, trainIsolationForest } from '../iforest';
import { buildForecaster } from '../lstm/forecaster';
import { RiskModel } from '../risk/riskEngine';
import { rowScorerKit } from '../scorers/kit';
import { mulberry32 } from '../seededRandom';
import { calibrationRows, columnStats } from '../training/calibrationSet';
import { sampleRows } from '../training/trainModel';
import { riskVectors } from './riskVectors';

export const SEASONAL_GOLDEN_SEED = 20261125;

const DAY_MS = 86_400_000;
const STEP_MS = 15_000;
/** Fit data: 2026-11-20 00:00 UTC to 2026-11-22 22:00 (every hour of the day on 2+ days). */
const FIT_START_MS = Date.UTC(2026, 10, 20);
const FIT_STEPS = (2 * 24 + 22) * 240;
/** Scored data: 2026-11-22 22:00 to 2026-11-23 01:30, across midnight (bucket 23 → 0). */
const SCORE_STEPS = 3.5 * 240;

const FEATURES = ['cpu_busy', 'load_per_core', 'memory_used', 'filesystem_used'].map((name) => {
  const spec = DEFAULT_FEATURES.find((f) => f.name === name)!;
  const failureLimit = ({ load_per_core: 2, memory_used: 0.97, filesystem_used: 0.98 } as Record<string, number>)[name];
  return { ...spec, ...(failureLimit !== undefined ? { failureLimit } : {}) };
});

/**
 * A host with a daily cycle: CPU and load peak in the UTC afternoon and are near idle at night,
 * memory follows them, the filesystem fills slowly. `night` adds a CPU/load burst at 00:30–01:00,
 * unusual for the hour (what the seasonal baseline sees and the global one would not).
 */
function cyclicHost(instance: string, startMs: number, steps: number, random: () => number, phase: number, night: boolean): HostFeatureMatrix {
  const F = FEATURES.length;
  const timestampsMs = Float64Array.from({ length: steps }, (_, k) => startMs + k * STEP_MS);
  const values = new Float64Array(steps * F);
  const missing = new Uint8Array(steps * F);
  const noise = () => random() + random() + random() - 1.5;
  timestampsMs.forEach((t, k) => {
    const day = Math.sin((2 * Math.PI * (t % DAY_MS)) / DAY_MS - Math.PI / 2 + phase);
    const msOfDay = t % DAY_MS;
    const burst = night && msOfDay >= 1_800_000 && msOfDay < 3_600_000 ? 0.45 : 0;
    const cpu = Math.min(Math.max(0.35 + 0.25 * day + burst + 0.03 * noise(), 0), 1);
    const row = [cpu, 0.2 + 1.6 * cpu + 0.05 * noise(), 0.55 + 0.12 * day + 0.01 * noise(), 0.4 + (t - FIT_START_MS) / (40 * DAY_MS) + 0.002 * noise()];
    row.forEach((v, f) => {
      // Scrape gaps: about 1 % of cells.
      if (random() < 0.01) {
        values[k * F + f] = NaN;
        missing[k * F + f] = 1;
      } else {
        values[k * F + f] = v;
      }
    });
  });
  return { instance, features: FEATURES.map((f) => f.name), timestampsMs, values, missing };
}

/**
 * testdata/golden/risk-seasonal/: like testdata/golden/risk, an artifact with every part filled in
 * (seeded forecaster, small Isolation Forest, calibration, failure limits) whose baseline is the
 * seasonal kind, chosen by the kit's daily-cycle test on ~3 days of synthetic cyclic data, and in
 * vectors.json two hosts' risk over 3.5 h across midnight (one with a night-time burst).
 */
export async function exportRiskSeasonalGolden(dir: string): Promise<void> {
  const F = FEATURES.length;
  const units = 16;
  const random = mulberry32(SEASONAL_GOLDEN_SEED);
  const fitHosts = [cyclicHost('fit-a:9100', FIT_START_MS, FIT_STEPS, random, 0, false), cyclicHost('fit-b:9100', FIT_START_MS, FIT_STEPS, random, 0.2, false)];
  const scoreStart = FIT_START_MS + FIT_STEPS * STEP_MS;
  const hosts = [cyclicHost('host-a:9100', scoreStart, SCORE_STEPS, random, 0, true), cyclicHost('host-b:9100', scoreStart, SCORE_STEPS, random, 0.2, false)];

  const normalisation = fitNormalisation(fitHosts, FEATURES.map((f) => f.unit));
  const normalised = fitHosts.map((h) => ({ z: normaliseHost(h, normalisation), timestampsMs: h.timestampsMs }));
  const timesMs: number[] = [];
  const rows = sampleRows(normalised, F, 4000, random, timesMs);
  const forest = trainIsolationForest(rows, { trees: 20, sampleSize: 64, seed: SEASONAL_GOLDEN_SEED + 1 });
  const baseline = rowScorerKit.fitBaseline(rows, timesMs);
  if ((baseline.params as { kind: string }).kind !== 'seasonal' || !baseline.cycle) {
    throw new Error(`the seasonal golden's data should pass the daily-cycle test: ${baseline.cycle?.reason}`);
  }
  const model = buildForecaster({ features: F, units }, SEASONAL_GOLDEN_SEED);
  const meta: SentinelJson = {
    formatVersion: 1,
    name: 'golden-risk-seasonal',
    version: 'golden-risk-seasonal-1',
    createdAt: '2026-11-25T00:00:00.000Z',
    description: 'Seeded, untrained model with a seasonal baseline, for runtime parity tests; not a trained model.',
    features: FEATURES,
    rateWindow: '1m',
    stepSeconds: STEP_MS / 1000,
    horizonSteps: 60,
    maxFillSteps: 4,
    streaming: { chunkSteps: 240, warmupSteps: 60 },
    normalisation,
    lstm: { units, outputBlocks: ['next', 'mean', 'logvar'] },
    isolationForest: toJSON(forest),
    baseline: baseline.params,
    calibration: { smoothingAlpha: 0.3, center: [0, 0, 0, 0], scale: [1, 1, 1, 1], weights: [1, 1, 1, 1], bias: 0 },
    alerting: { threshold: 0.6, minDurationSteps: 4, clearBelow: 0.45 },
    training: {
      note: 'not trained',
      baseline: { kind: 'seasonal', buckets: baseline.cycle.buckets, varianceShare: baseline.cycle.varianceShare, threshold: baseline.cycle.threshold },
    },
    evaluation: {},
  };
  const riskModel: RiskModel = { meta, model, isolation: { score: (row) => scoreRow(forest, row) }, baseline: baseline.scorer };
  const labelled = hosts.map((host) => ({ host, labels: new Uint8Array(host.timestampsMs.length) }));
  const { center, scale } = columnStats(calibrationRows(riskModel, labelled).X);
  // The baseline weighs most, so its seasonal scores drive risk and contributions.
  meta.calibration = { smoothingAlpha: 0.3, center, scale, weights: [1.2, 0.6, 0.8, 1.8], bias: -0.8 };
  await saveArtifactDir(dir, model, meta);
  const first = hosts[0].timestampsMs[0];
  const last = hosts[0].timestampsMs[hosts[0].timestampsMs.length - 1];
  const vectors = riskVectors(riskModel, hosts, first + 60 * STEP_MS, last);
  await fs.writeFile(path.join(dir, 'vectors.json'), `${JSON.stringify(vectors)}\n`);
  model.dispose();
}
