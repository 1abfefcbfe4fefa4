/**
 * sentinel finetune — adapts a shipped model to a fleet's own data (src/model/training/finetune.ts):
 * same features, normalisation and streaming rule; the LSTM continues from the shipped weights;
 * Isolation Forest, baseline, calibration and the alert threshold are refitted, the last two on a
 * held-out part of the data. Writes a new artifact, version "<from version>-ft.<YYYYMMDD>".
 *
 *   sentinel finetune --from models/default --out DIR
 *     (--prometheus URL --selector 'job="node"' --start RFC3339 --end RFC3339 | --csv FILE)
 *     [--epochs 3] [--seed 7] [--date YYYY-MM-DD] [--holdout 0.3] [--firing-rate 0.005] [--json]
 *
 * A --csv may carry a `label` column (1 inside a failure's warning window): then the calibration is
 * refitted on labels; otherwise it is re-standardised on the held-out data. The same inputs, seed
 * and --date give the same content hash.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadArtifactDir, saveArtifactDir } from '../model/artifact/artifactDir';
import { FeatureInputError } from '../model/features/errors';
import { riskModelFromArtifact } from '../model/loadRiskModel';
import { rowScorerKit } from '../model/scorers/kit';
import { mulberry32 } from '../model/seededRandom';
import { selectNodeBackend } from '../model/tfBackend';
import { finetuneModel } from '../model/training/finetune';
import { hostsAndLabelsFromFeatureCsv, hostsFromPrometheus } from './featureSources';
import { Progress } from './progress';
import { UsageError } from './usageError';

const repoRoot = path.resolve(__dirname, '..', '..');

/** "<version>-ft.<YYYYMMDD>", cut so it stays within sentinel.json's 64 characters. */
export function finetunedVersion(baseVersion: string, date: string): string {
  const suffix = `-ft.${date.replace(/-/g, '')}`;
  return `${baseVersion.slice(0, 64 - suffix.length)}${suffix}`;
}

export async function finetuneCommand(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      from: { type: 'string', default: path.join(repoRoot, 'models', 'default') },
      out: { type: 'string' },
      prometheus: { type: 'string' },
      selector: { type: 'string', default: 'instance=~".+"' },
      start: { type: 'string' },
      end: { type: 'string' },
      csv: { type: 'string' },
      epochs: { type: 'string', default: '3' },
      seed: { type: 'string', default: '7' },
      date: { type: 'string', default: new Date().toISOString().slice(0, 10) },
      holdout: { type: 'string', default: '0.3' },
      'firing-rate': { type: 'string', default: '0.005' },
      backend: { type: 'string', default: 'wasm' },
      json: { type: 'boolean', default: false },
    },
  });
  if (!values.out) {
    throw new UsageError('finetune needs --out DIR for the new artifact');
  }
  if (path.resolve(values.out) === path.resolve(values.from!)) {
    throw new UsageError('--out must differ from --from: the shipped model stays as it is');
  }
  if (Boolean(values.prometheus) === Boolean(values.csv)) {
    throw new UsageError('give exactly one of --prometheus URL (with --selector, --start, --end) or --csv FILE');
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(values.date!) || !Number.isFinite(Date.parse(`${values.date}T00:00:00Z`))) {
    throw new UsageError(`--date ${values.date}: expected YYYY-MM-DD`);
  }
  const epochs = Number(values.epochs);
  const seed = Number(values.seed);
  const holdoutShare = Number(values.holdout);
  const firingRate = Number(values['firing-rate']);
  if (!Number.isInteger(epochs) || epochs < 1 || !Number.isInteger(seed)) {
    throw new UsageError(`--epochs ${values.epochs} and --seed ${values.seed} must be integers (epochs ≥ 1)`);
  }
  if (!(holdoutShare > 0 && holdoutShare < 1) || !(firingRate >= 0 && firingRate < 1)) {
    throw new UsageError('--holdout must lie in (0, 1) and --firing-rate in [0, 1)');
  }
  const started = Date.now();
  const backend = await selectNodeBackend(values.backend === 'cpu' ? 'cpu' : 'wasm');
  const artifact = await loadArtifactDir(values.from!);
  const base = riskModelFromArtifact(artifact, rowScorerKit);
  const { meta } = base;

  let hosts;
  let labels: Map<string, Uint8Array> | null = null;
  let data: string;
  if (values.prometheus) {
    if (!values.start || !values.end) {
      throw new FeatureInputError('--prometheus needs --start and --end (RFC 3339)');
    }
    const startMs = Date.parse(values.start);
    const endMs = Date.parse(values.end);
    if (!Number.isFinite(startMs) || !Number.isFinite(endMs) || endMs <= startMs) {
      throw new FeatureInputError(`--start ${values.start} / --end ${values.end}: expected RFC 3339 times, start before end`);
    }
    const stepMs = meta.stepSeconds * 1000;
    hosts = await hostsFromPrometheus(meta, values.prometheus, values.selector!, Math.ceil(startMs / stepMs) * stepMs, endMs);
    data = `Prometheus ${values.selector} from ${values.start} to ${values.end}`;
  } else {
    ({ hosts, labels } = hostsAndLabelsFromFeatureCsv(values.csv!, meta));
    data = `feature CSV ${path.basename(values.csv!)}${labels ? ' with labels' : ''}`;
  }
  if (hosts.length === 0) {
    throw new FeatureInputError('the fine-tuning data holds no host');
  }

  const progress = new Progress('fine-tuning LSTM', epochs, values.json);
  const { riskModel, holdout } = await finetuneModel(
    base,
    hosts,
    labels,
    {
      version: finetunedVersion(meta.version, values.date!),
      createdAt: `${values.date}T00:00:00.000Z`,
      epochs,
      seed,
      batchSize: 32,
      learningRate: 1e-3,
      strideSteps: 120,
      rowSample: 20_000,
      holdoutShare,
      holdoutFiringRate: firingRate,
      dataDescription: `${data}: ${hosts.length} host(s) × ${hosts[0].timestampsMs.length} steps; base content hash ${artifact.contentHash}`,
      onEpoch: (epoch, loss) => progress.update(epoch + 1, `loss ${loss.toFixed(4)}`),
    },
    rowScorerKit,
    mulberry32(seed)
  );
  progress.done();
  riskModel.meta.training = {
    ...riskModel.meta.training,
    command: `npm run sentinel -- finetune --from ${path.relative(repoRoot, values.from!) || '.'} --epochs ${epochs} --seed ${seed} --date ${values.date}`,
  };
  const hash = await saveArtifactDir(values.out, riskModel.model, riskModel.meta);
  const seconds = (Date.now() - started) / 1000;
  const summary = { out: values.out, from: meta.version, version: riskModel.meta.version, contentHash: hash, backend, seconds, alerting: riskModel.meta.alerting, holdout };
  console.log(
    values.json
      ? JSON.stringify(summary)
      : `fine-tuned ${meta.version} → ${summary.version} in ${seconds.toFixed(0)} s on tfjs ${backend} → ${values.out} (${hash.slice(0, 12)})\n` +
          `alert rule: risk >= ${summary.alerting.threshold} for ${summary.alerting.minDurationSteps} steps, clears below ${summary.alerting.clearBelow}\n` +
          `held-out figures: ${JSON.stringify(holdout)}`
  );
}
