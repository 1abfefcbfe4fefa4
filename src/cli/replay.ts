/**
 * sentinel replay: backfills a recorded dataset into the local stack's Prometheus (promtool) and
 * VictoriaMetrics (import API), so tests and the demo query deterministic history over the real
 * query API.
 *
 *   replay smd <machine> [--split both|train|test] [--dir DIR] [--start TIME]
 *   replay asd <machine> [--split both|train|test] [--dir DIR] [--start TIME]
 *   replay nab <file.csv>
 *   replay csv <file.csv>
 *   common: [--targets prometheus,victoriametrics] [--keep-existing] [--json]
 *
 * URLs and the Prometheus data folder come from the same variables scripts/stack uses.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { MachineSplit, readMachineDataset } from '../replay/readMachineDataset';
import { readNabFile } from '../replay/readNabFile';
import { readSentinelCsv } from '../replay/readSentinelCsv';
import { assertValidSeries, ReplayDataset, ReplayInputError } from '../replay/types';
import { writePrometheus } from '../replay/writePrometheus';
import { writeVictoriaMetrics } from '../replay/writeVictoriaMetrics';

const repoRoot = path.resolve(__dirname, '..', '..');
/** Default time of row 0 for datasets without timestamps: fixed, so tests can assert exact times. */
const DEFAULT_START = '2026-01-01T00:00:00Z';
const TARGETS = ['prometheus', 'victoriametrics'] as const;
type Target = (typeof TARGETS)[number];

export function readDataset(format: string, arg: string, options: { split: string; dir?: string; start: string }): ReplayDataset {
  const startMs = Date.parse(options.start);
  if (!Number.isFinite(startMs)) {
    throw new ReplayInputError(`--start "${options.start}" is not an RFC 3339 time`);
  }
  switch (format) {
    case 'smd':
    case 'asd': {
      if (!['both', 'train', 'test'].includes(options.split)) {
        throw new ReplayInputError(`--split must be both, train or test, not "${options.split}"`);
      }
      const dir = options.dir ?? path.resolve(repoRoot, '..', 'shared', 'datasets', format);
      return readMachineDataset({ kind: format, dir, machine: arg, split: options.split as MachineSplit, startMs });
    }
    case 'nab':
      return readNabFile(arg);
    case 'csv':
      return readSentinelCsv(arg);
    default:
      throw new ReplayInputError(`unknown format "${format}"; use smd, asd, nab or csv`);
  }
}

function parseTargets(value: string): Target[] {
  const names = value.split(',').map((t) => t.trim());
  for (const name of names) {
    if (!(TARGETS as readonly string[]).includes(name)) {
      throw new ReplayInputError(`unknown target "${name}"; use ${TARGETS.join(', ')}`);
    }
  }
  return names as Target[];
}

export async function replayCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      split: { type: 'string', default: 'both' },
      dir: { type: 'string' },
      start: { type: 'string', default: DEFAULT_START },
      targets: { type: 'string', default: TARGETS.join(',') },
      'keep-existing': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  const [format, arg] = positionals;
  if (!format || !arg) {
    throw new ReplayInputError('usage: replay smd|asd <machine> | nab|csv <file> [--targets prometheus,victoriametrics]');
  }
  const dataset = readDataset(format, arg, { split: values.split!, dir: values.dir, start: values.start! });
  dataset.series.forEach(assertValidSeries);
  const targets = parseTargets(values.targets!);
  const replace = !values['keep-existing'];
  const stackDir = process.env.SENTINEL_STACK_DIR ?? path.join(repoRoot, '.stack');
  const promUrl = process.env.SENTINEL_PROM_URL ?? `http://127.0.0.1:${process.env.SENTINEL_PROM_PORT ?? 19090}`;
  const vmUrl = process.env.SENTINEL_VM_URL ?? `http://127.0.0.1:${process.env.SENTINEL_VM_PORT ?? 18428}`;

  const started = Date.now();
  if (targets.includes('victoriametrics')) {
    await writeVictoriaMetrics(vmUrl, dataset.series, replace);
  }
  if (targets.includes('prometheus')) {
    await writePrometheus(
      {
        baseUrl: promUrl,
        dataDir: path.join(stackDir, 'data', 'prometheus'),
        restart: async () => {
          await promisify(execFile)(path.join(repoRoot, 'scripts', 'stack'), ['restart', 'prometheus']);
        },
      },
      dataset.series,
      replace
    );
  }
  const samples = dataset.series.reduce((n, s) => n + s.values.length, 0);
  const times = dataset.series.flatMap((s) => [s.timestampsMs[0], s.timestampsMs[s.timestampsMs.length - 1]]).filter(Number.isFinite);
  const summary = {
    source: dataset.source,
    series: dataset.series.length,
    samples,
    from: new Date(Math.min(...times)).toISOString(),
    to: new Date(Math.max(...times)).toISOString(),
    targets,
    seconds: (Date.now() - started) / 1000,
  };
  for (const note of dataset.notes ?? []) {
    console.error(`replay: note: ${note}`);
  }
  console.log(values.json ? JSON.stringify({ ...summary, notes: dataset.notes ?? [] }) : `replayed ${summary.source}: ${summary.series} series, ${samples} samples, ${summary.from} .. ${summary.to} into ${targets.join(' and ')} in ${summary.seconds.toFixed(1)} s`);
}

if (require.main === module) {
  replayCommand(process.argv.slice(2)).catch((err: Error) => {
    console.error(`replay: ${err.message}`);
    process.exit(err instanceof ReplayInputError ? 2 : 1);
  });
}
