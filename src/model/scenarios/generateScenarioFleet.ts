import fs from 'node:fs';
import { BENIGN_MODELS } from './benignModels';
import { EventTrace, stepsOf } from './eventTrace';
import { DEFAULT_LINK_CAP_BYTES_PER_SECOND, gateFailure } from './failureConditions';
import { FAILURE_MODELS } from './failureModels';
import { HostTraits, minutesFor, minuteTraces, resampleToStep, syntheticColumns } from './normalTraces';
import { hostSeed, scenarioRandom, ScenarioRandom } from './rng';
import { clampPhysical, F, SCENARIO_FEATURES } from './scenarioFeatures';
import { planHostEvents } from './schedule';
import {
  DEFAULT_SMD_DIR,
  DEFAULT_SMD_MACHINES,
  drawNormalPieces,
  loadSmdMachine,
  normalSegments,
  piecesColumns,
} from './smdSegments';
import {
  BENIGN_KINDS,
  FAILURE_KINDS,
  NormalSourceRecord,
  ResolvedScenarioOptions,
  ScenarioFleet,
  ScenarioOptions,
  ScrapeGapRecord,
} from './types';

/** Per-host random streams, so one host's draws never shift another's. */
const STREAM = { normal: 0, noise: 1, events: 2, gaps: 3 } as const;

export function resolveScenarioOptions(options: ScenarioOptions): ResolvedScenarioOptions {
  const o: ResolvedScenarioOptions = {
    stepSeconds: 15,
    failureRate: 0.5,
    kinds: FAILURE_KINDS,
    benignRate: 4,
    benignKinds: BENIGN_KINDS,
    precursorMinutes: [10, 60],
    warmupMinutes: 60,
    startMs: Date.UTC(2024, 0, 1),
    normalSource: 'smd',
    smdDir: DEFAULT_SMD_DIR,
    machines: DEFAULT_SMD_MACHINES,
    noise: 1,
    linkCapBytesPerSecond: DEFAULT_LINK_CAP_BYTES_PER_SECOND,
    instancePrefix: 'scenario-',
    ...stripUndefined(options),
    seed: options.seed,
    hosts: options.hosts,
    durationHours: options.durationHours,
    scrapeGaps: options.scrapeGaps ?? null,
  };
  const bad = (what: string) => {
    throw new Error(`scenario options: ${what}`);
  };
  if (!Number.isInteger(o.hosts) || o.hosts < 1) {
    bad(`hosts must be a positive integer, got ${o.hosts}`);
  }
  if (!(o.durationHours > 0) || !(o.stepSeconds > 0) || o.durationHours * 3600 < 2 * o.stepSeconds) {
    bad(`durationHours (${o.durationHours}) must cover at least two steps of stepSeconds (${o.stepSeconds})`);
  }
  const [lo, hi] = o.precursorMinutes;
  if (!(lo > 0) || !(hi >= lo)) {
    bad(`precursorMinutes must be [min, max] with 0 < min <= max, got [${lo}, ${hi}]`);
  }
  if (!(o.failureRate >= 0) || !(o.benignRate >= 0) || !(o.noise >= 0) || !(o.warmupMinutes >= 0)) {
    bad('failureRate, benignRate, noise and warmupMinutes must be >= 0');
  }
  for (const kind of o.kinds) {
    if (!FAILURE_KINDS.includes(kind)) {
      bad(`unknown failure kind "${kind}"; known: ${FAILURE_KINDS.join(', ')}`);
    }
  }
  for (const kind of o.benignKinds) {
    if (!BENIGN_KINDS.includes(kind)) {
      bad(`unknown benign kind "${kind}"; known: ${BENIGN_KINDS.join(', ')}`);
    }
  }
  if (o.scrapeGaps && (!(o.scrapeGaps.perHostDay >= 0) || !(o.scrapeGaps.maxSteps >= 1))) {
    bad('scrapeGaps needs perHostDay >= 0 and maxSteps >= 1');
  }
  if (o.normalSource === 'smd' && !fs.existsSync(o.smdDir)) {
    bad(`SMD folder ${o.smdDir} not found; pass smdDir, or normalSource: 'synthetic' to generate without SMD`);
  }
  return o;
}

/**
 * A fleet of hosts with normal behaviour from real data (SMD's normal rows mapped onto our
 * features), failures with precursors at known instants, and benign look-alikes. The same
 * options (seed included) give the same fleet, bit for bit.
 */
export function generateScenarioFleet(options: ScenarioOptions): ScenarioFleet {
  const o = resolveScenarioOptions(options);
  const stepMs = o.stepSeconds * 1000;
  const rows = Math.floor((o.durationHours * 3600) / o.stepSeconds);
  const timestampsMs = new Float64Array(rows);
  for (let k = 0; k < rows; k++) {
    timestampsMs[k] = o.startMs + k * stepMs;
  }
  const minutes = minutesFor(rows, o.stepSeconds);
  const width = String(o.hosts).length < 2 ? 2 : String(o.hosts).length;
  const machineOffset = hostSeed(o.seed, 0, 99) % o.machines.length;

  const fleet: ScenarioFleet = { hosts: [], failures: [], benignEvents: [], scrapeGaps: [], sources: [], options: o };
  for (let h = 0; h < o.hosts; h++) {
    const instance = `${o.instancePrefix}${String(h + 1).padStart(width, '0')}`;
    const random = (stream: number) => scenarioRandom(hostSeed(o.seed, h, stream));
    const normalRandom = random(STREAM.normal);
    const traits: HostTraits = { hasSwap: normalRandom.chance(0.75) };
    const { columns, source } = normalColumns(o, h, machineOffset, minutes, normalRandom, instance);
    fleet.sources.push(source);
    const values = resampleToStep(
      minuteTraces(columns, minutes, normalRandom, traits),
      rows,
      o.stepSeconds,
      o.noise,
      random(STREAM.noise)
    );

    const trace: EventTrace = { values, rows, stepSeconds: o.stepSeconds, linkCap: o.linkCapBytesPerSecond, traits };
    const eventRandom = random(STREAM.events);
    const plan = planHostEvents(eventRandom, rows, o);
    for (const event of plan.benign) {
      const end = BENIGN_MODELS[event.kind].apply(trace, event.k0, event.params, eventRandom);
      fleet.benignEvents.push({
        instance,
        kind: event.kind,
        startMs: timeAt(o, event.k0),
        endMs: timeAt(o, end),
        params: event.params,
      });
    }
    for (const event of plan.failures) {
      FAILURE_MODELS[event.kind].apply(trace, event, event.params, eventRandom);
    }
    clampPhysical(values);
    for (const event of plan.failures) {
      gateFailure(values, event.kind, event.kp, event.kf, o.linkCapBytesPerSecond);
      const { holdMinutes, recoveryMinutes } = event.params;
      fleet.failures.push({
        instance,
        kind: event.kind,
        failureMs: timeAt(o, event.kf),
        precursorStartMs: timeAt(o, event.kp),
        recoveredMs: timeAt(o, event.kf + stepsOf(o, holdMinutes) + stepsOf(o, recoveryMinutes)),
        params: event.params,
      });
    }

    const missing = new Uint8Array(rows * F);
    if (o.scrapeGaps) {
      const failureSteps = new Set(plan.failures.map((e) => e.kf));
      fleet.scrapeGaps.push(...injectScrapeGaps(random(STREAM.gaps), values, missing, rows, o, failureSteps, instance));
    }
    fleet.hosts.push({ instance, features: [...SCENARIO_FEATURES], timestampsMs, values, missing });
  }
  const byTime = (a: { failureMs?: number; startMs?: number }, b: { failureMs?: number; startMs?: number }) =>
    (a.failureMs ?? a.startMs ?? 0) - (b.failureMs ?? b.startMs ?? 0);
  fleet.failures.sort(byTime);
  fleet.benignEvents.sort(byTime);
  fleet.scrapeGaps.sort(byTime);
  return fleet;
}

function normalColumns(
  o: ResolvedScenarioOptions,
  h: number,
  machineOffset: number,
  minutes: number,
  random: ScenarioRandom,
  instance: string
) {
  if (o.normalSource === 'synthetic') {
    const source: NormalSourceRecord = { instance, source: 'synthetic', pieces: [] };
    return { columns: syntheticColumns(minutes, random), source };
  }
  const machine = o.machines[(h + machineOffset) % o.machines.length];
  const loaded = loadSmdMachine(o.smdDir, machine);
  const pieces = drawNormalPieces(random, normalSegments(loaded), minutes);
  const source: NormalSourceRecord = { instance, source: 'smd', machine, pieces };
  return { columns: piecesColumns(loaded, pieces, minutes), source };
}

function injectScrapeGaps(
  random: ScenarioRandom,
  values: Float64Array,
  missing: Uint8Array,
  rows: number,
  o: ResolvedScenarioOptions,
  keep: Set<number>,
  instance: string
): ScrapeGapRecord[] {
  const gaps: ScrapeGapRecord[] = [];
  const { perHostDay, maxSteps } = o.scrapeGaps!;
  const count = random.poisson((perHostDay * o.durationHours) / 24);
  for (let i = 0; i < count; i++) {
    const length = random.int(1, maxSteps);
    const start = random.int(0, Math.max(rows - length, 0));
    const end = Math.min(start + length, rows) - 1;
    // A gap never hides a failure instant: the scenario's label must stay checkable on the data.
    let hidesFailure = false;
    for (let k = start; k <= end; k++) {
      hidesFailure ||= keep.has(k);
    }
    if (hidesFailure) {
      continue;
    }
    values.fill(NaN, start * F, (end + 1) * F);
    missing.fill(1, start * F, (end + 1) * F);
    gaps.push({ instance, startMs: timeAt(o, start), endMs: timeAt(o, end) });
  }
  return gaps;
}

function timeAt(o: ResolvedScenarioOptions, k: number): number {
  return o.startMs + k * o.stepSeconds * 1000;
}

function stripUndefined<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as Partial<T>;
}
