import { generateScenarioFleet } from '../model/scenarios/generateScenarioFleet';
import { FAILURE_KINDS, FailureKind, NormalSource, ScenarioFleet } from '../model/scenarios/types';
import { SCENARIO_JOB, scenarioToNodeExporter } from './scenarioToNodeExporter';
import { ReplayDataset, ReplayInputError } from './types';

/**
 * A small failure-scenario fleet (src/model/scenarios) placed so that it ends at a given time
 * (usually just before now, inside every retention and "recent" for dashboards), as node_exporter
 * series under job="sentinel-scenario", plus the facts a test or a person needs to check the model
 * against it: hosts, range, failure instants and kinds.
 */

export interface ScenarioReplayOptions {
  seed: number;
  hosts: number;
  hours: number;
  /** Time of the last row; rounded down to the step. */
  endMs: number;
  stepSeconds?: number;
  /** Expected failures per host per day; higher than the generator's 0.5, so a few hours hold one. */
  failureRate?: number;
  kinds?: readonly FailureKind[];
  benignRate?: number;
  normalSource?: NormalSource;
  smdDir?: string;
  /**
   * Hosts are <prefix>01, <prefix>02, …; the prefix names the dataset, so a replay replaces only
   * the earlier scenario with the same prefix (tests use their own, to run beside other replays).
   */
  instancePrefix?: string;
}

/** Defaults of `scripts/replay scenario`; see docs in src/cli/replay.ts for why these. */
export const SCENARIO_REPLAY_DEFAULTS = {
  seed: 3,
  hosts: 4,
  instancePrefix: 'scenario-',
  hours: 6,
  stepSeconds: 15,
  failureRate: 3,
  kinds: ['memory_leak', 'disk_fill', 'cpu_runaway', 'fd_exhaustion', 'network_saturation'] as FailureKind[],
} as const;

export interface ScenarioReplayFailure {
  instance: string;
  kind: FailureKind;
  failureMs: number;
  failureTime: string;
  precursorStartMs: number;
  precursorStartTime: string;
  recoveredMs: number;
}

/** What `scripts/replay scenario` prints and writes as JSON. */
export interface ScenarioReplaySummary {
  job: string;
  /** Selector of exactly this replay's hosts, for `sentinel score --selector`. */
  selector: string;
  seed: number;
  hosts: string[];
  stepSeconds: number;
  fromMs: number;
  toMs: number;
  from: string;
  to: string;
  failures: ScenarioReplayFailure[];
  benignEvents: Array<{ instance: string; kind: string; startMs: number; endMs: number }>;
  /** Generator options that regenerate these feature values (startMs included). */
  generator: Record<string, unknown>;
}

export interface ScenarioReplay {
  dataset: ReplayDataset;
  summary: ScenarioReplaySummary;
  fleet: ScenarioFleet;
}

export function scenarioReplay(options: ScenarioReplayOptions): ScenarioReplay {
  const stepSeconds = options.stepSeconds ?? SCENARIO_REPLAY_DEFAULTS.stepSeconds;
  const stepMs = stepSeconds * 1000;
  if (!Number.isInteger(options.seed)) {
    throw new ReplayInputError(`--seed must be an integer, got ${options.seed}`);
  }
  if (!Number.isInteger(options.hosts) || options.hosts < 1 || options.hosts > 100) {
    throw new ReplayInputError(`--hosts must be an integer from 1 to 100, got ${options.hosts}`);
  }
  if (!(options.hours >= 2 && options.hours <= 48)) {
    throw new ReplayInputError(
      `--hours must be between 2 (a warm-up hour plus room for a failure) and 48, got ${options.hours}`
    );
  }
  if (!Number.isFinite(options.endMs)) {
    throw new ReplayInputError('--end must be an RFC 3339 time or "now"');
  }
  const prefix = options.instancePrefix ?? SCENARIO_REPLAY_DEFAULTS.instancePrefix;
  if (!/^[a-zA-Z][a-zA-Z0-9_-]*$/.test(prefix)) {
    throw new ReplayInputError(`--prefix must be a letter followed by letters, digits, "_" or "-", got "${prefix}"`);
  }
  for (const kind of options.kinds ?? []) {
    if (!(FAILURE_KINDS as readonly string[]).includes(kind)) {
      throw new ReplayInputError(`unknown failure kind "${kind}"; use ${FAILURE_KINDS.join(', ')}`);
    }
  }
  const rows = Math.floor((options.hours * 3600) / stepSeconds);
  const endMs = Math.floor(options.endMs / stepMs) * stepMs;
  const startMs = endMs - (rows - 1) * stepMs;
  const generator = {
    seed: options.seed,
    hosts: options.hosts,
    durationHours: options.hours,
    stepSeconds,
    startMs,
    instancePrefix: prefix,
    failureRate: options.failureRate ?? SCENARIO_REPLAY_DEFAULTS.failureRate,
    kinds: options.kinds ?? SCENARIO_REPLAY_DEFAULTS.kinds,
    ...(options.benignRate === undefined ? {} : { benignRate: options.benignRate }),
    ...(options.normalSource === undefined ? {} : { normalSource: options.normalSource }),
    ...(options.smdDir === undefined ? {} : { smdDir: options.smdDir }),
  };
  let fleet: ScenarioFleet;
  try {
    fleet = generateScenarioFleet(generator);
  } catch (err) {
    throw new ReplayInputError(`scenario generator: ${(err as Error).message}`);
  }
  const series = scenarioToNodeExporter(fleet.hosts, SCENARIO_JOB);
  const iso = (ms: number) => new Date(ms).toISOString();
  // The prefix holds no regex metacharacters (checked above), so it stands for itself in =~.
  const selector = `job="${SCENARIO_JOB}",instance=~"${prefix}.+"`;
  const summary: ScenarioReplaySummary = {
    job: SCENARIO_JOB,
    selector,
    seed: options.seed,
    hosts: fleet.hosts.map((h) => h.instance),
    stepSeconds,
    fromMs: startMs,
    toMs: endMs,
    from: iso(startMs),
    to: iso(endMs),
    failures: fleet.failures.map((f) => ({
      instance: f.instance,
      kind: f.kind,
      failureMs: f.failureMs,
      failureTime: iso(f.failureMs),
      precursorStartMs: f.precursorStartMs,
      precursorStartTime: iso(f.precursorStartMs),
      recoveredMs: f.recoveredMs,
    })),
    benignEvents: fleet.benignEvents.map((b) => ({
      instance: b.instance,
      kind: b.kind,
      startMs: b.startMs,
      endMs: b.endMs,
    })),
    generator,
  };
  const dataset: ReplayDataset = {
    source: `failure scenario (seed ${options.seed}, ${options.hosts} hosts × ${options.hours} h, ${fleet.failures.length} failure(s))`,
    series,
    // A new scenario replaces the previous one with its prefix whole, whatever its hosts and range were.
    replaces: [`{${selector}}`],
  };
  return { dataset, summary, fleet };
}
