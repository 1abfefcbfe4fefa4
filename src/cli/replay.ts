/**
 * sentinel replay: backfills a recorded dataset into the local stack's Prometheus (promtool) and
 * VictoriaMetrics (import API), so tests and the demo query deterministic history over the real
 * query API.
 *
 *   replay smd <machine> [--split both|train|test] [--dir DIR] [--start TIME]
 *   replay asd <machine> [--split both|train|test] [--dir DIR] [--start TIME]
 *   replay nab <file.csv>
 *   replay csv <file.csv>
 *   replay scenario [--seed N] [--hosts N] [--hours H] [--end TIME|now] [--kinds k1,k2] [--failure-rate R]
 *                   [--prefix scenario-] [--synthetic] [--out FILE]
 *   common: [--targets prometheus,victoriametrics] [--keep-existing] [--json]
 *
 * `scenario` generates a failure-scenario fleet (src/model/scenarios) ending at --end (default
 * "now": the last 15 s step before now, or before Prometheus' head starts — see
 * latestSafeEndMs), writes it as node_exporter series under job="sentinel-scenario" with hosts
 * <prefix>01… (replacing the previous scenario with that prefix whole), and prints and writes to
 * --out (default build/scenario-replay.json) the hosts, the range, and the failure instants and
 * kinds. Defaults (seed 3, 4 hosts × 6 h, 3 failures per host-day) give three failures the
 * shipped model alerts on (tests/integration/scenarioReplay.test.ts).
 *
 * URLs and the Prometheus data folder come from the same variables scripts/stack uses.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { MachineSplit, readMachineDataset } from '../replay/readMachineDataset';
import { readNabFile } from '../replay/readNabFile';
import { readSentinelCsv } from '../replay/readSentinelCsv';
import { SCENARIO_REPLAY_DEFAULTS, scenarioReplay, ScenarioReplaySummary } from '../replay/scenarioReplay';
import { FailureKind } from '../model/scenarios/types';
import { assertValidSeries, ReplayDataset, ReplayInputError } from '../replay/types';
import { assertBeforePrometheusHead, prometheusHeadStartMs, writePrometheus } from '../replay/writePrometheus';
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

const SCENARIO_OPTIONS = {
  seed: { type: 'string' },
  hosts: { type: 'string' },
  hours: { type: 'string' },
  end: { type: 'string', default: 'now' },
  kinds: { type: 'string' },
  'failure-rate': { type: 'string' },
  synthetic: { type: 'boolean', default: false },
  prefix: { type: 'string' },
  out: { type: 'string' },
} as const;

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
      ...SCENARIO_OPTIONS,
    },
  });
  const [format, arg] = positionals;
  const targets = parseTargets(values.targets!);
  const stackDir = process.env.SENTINEL_STACK_DIR ?? path.join(repoRoot, '.stack');
  const promUrl = process.env.SENTINEL_PROM_URL ?? `http://127.0.0.1:${process.env.SENTINEL_PROM_PORT ?? 19090}`;
  const vmUrl = process.env.SENTINEL_VM_URL ?? `http://127.0.0.1:${process.env.SENTINEL_VM_PORT ?? 18428}`;
  let dataset: ReplayDataset;
  let scenario: { summary: ScenarioReplaySummary; out: string } | undefined;
  if (format === 'scenario') {
    const replay = scenarioReplay({
      seed: integerOption(values.seed, '--seed', SCENARIO_REPLAY_DEFAULTS.seed),
      hosts: integerOption(values.hosts, '--hosts', SCENARIO_REPLAY_DEFAULTS.hosts),
      hours: numberOption(values.hours, '--hours', SCENARIO_REPLAY_DEFAULTS.hours),
      endMs: values.end === 'now' ? await latestSafeEndMs(targets.includes('prometheus') ? promUrl : undefined) : Date.parse(values.end!),
      failureRate: numberOption(values['failure-rate'], '--failure-rate', SCENARIO_REPLAY_DEFAULTS.failureRate),
      kinds: values.kinds ? (values.kinds.split(',').map((k) => k.trim()) as FailureKind[]) : undefined,
      normalSource: values.synthetic ? 'synthetic' : undefined,
      smdDir: values.dir,
      instancePrefix: values.prefix,
    });
    dataset = replay.dataset;
    scenario = { summary: replay.summary, out: values.out ?? path.join(repoRoot, 'build', 'scenario-replay.json') };
  } else {
    if (!format || !arg) {
      throw new ReplayInputError('usage: replay smd|asd <machine> | nab|csv <file> | scenario [--seed N] [--hosts N] [--hours H] [--end TIME|now]');
    }
    dataset = readDataset(format, arg, { split: values.split!, dir: values.dir, start: values.start! });
  }
  dataset.series.forEach(assertValidSeries);
  const replace = !values['keep-existing'];

  const started = Date.now();
  if (targets.includes('prometheus')) {
    // Before VictoriaMetrics is written, so a refusal leaves both servers as they were.
    await assertBeforePrometheusHead(promUrl, dataset.series);
  }
  if (targets.includes('victoriametrics')) {
    await writeVictoriaMetrics(vmUrl, dataset.series, replace, dataset.replaces);
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
      replace,
      dataset.replaces
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
  if (scenario) {
    const report = { ...scenario.summary, replay: summary };
    fs.mkdirSync(path.dirname(scenario.out), { recursive: true });
    fs.writeFileSync(scenario.out, `${JSON.stringify(report, null, 2)}\n`);
    if (values.json) {
      console.log(JSON.stringify(report));
    } else {
      console.log(describeScenario(scenario.summary, summary, scenario.out));
    }
    return;
  }
  console.log(values.json ? JSON.stringify({ ...summary, notes: dataset.notes ?? [] }) : `replayed ${summary.source}: ${summary.series} series, ${samples} samples, ${summary.from} .. ${summary.to} into ${targets.join(' and ')} in ${summary.seconds.toFixed(1)} s`);
}

/**
 * "now" for a scenario: now, or, when Prometheus is a target, just before its head starts. A
 * backfilled block ending inside the head makes Prometheus drop the head's live data up to the
 * block's end (see writePrometheus), so on a long-running stack the scenario ends up to ~3 h ago.
 */
async function latestSafeEndMs(promUrl: string | undefined): Promise<number> {
  const now = Date.now();
  const headStartMs = promUrl === undefined ? undefined : await prometheusHeadStartMs(promUrl);
  if (headStartMs === undefined || headStartMs > now) {
    return now;
  }
  console.error(`replay: the scenario ends at ${new Date(headStartMs - 1).toISOString()}, before Prometheus' head (live data from there on is not backfilled over)`);
  return headStartMs - 1;
}

function describeScenario(s: ScenarioReplaySummary, r: { series: number; samples: number; targets: string[]; seconds: number }, out: string): string {
  const lines = [
    `replayed failure scenario seed ${s.seed}: ${s.hosts.length} hosts (${s.hosts.join(', ')}), ${s.from} .. ${s.to}, ${r.series} series, ${r.samples} samples into ${r.targets.join(' and ')} in ${r.seconds.toFixed(1)} s`,
    `  selector: ${s.selector}`,
    ...(s.failures.length === 0 ? ['  no failures in this range; try another --seed or a higher --failure-rate'] : []),
    ...s.failures.map((f) => `  failure: ${f.instance} ${f.kind} at ${f.failureTime} (precursor from ${f.precursorStartTime})`),
    `  written to ${out}`,
  ];
  return lines.join('\n');
}

function integerOption(value: string | undefined, flag: string, fallback: number): number {
  const n = numberOption(value, flag, fallback);
  if (!Number.isInteger(n)) {
    throw new ReplayInputError(`${flag} must be an integer, not "${value}"`);
  }
  return n;
}

function numberOption(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) {
    return fallback;
  }
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) {
    throw new ReplayInputError(`${flag} must be a number, not "${value}"`);
  }
  return n;
}

if (require.main === module) {
  replayCommand(process.argv.slice(2)).catch((err: Error) => {
    console.error(`replay: ${err.message}`);
    process.exit(err instanceof ReplayInputError ? 2 : 1);
  });
}
