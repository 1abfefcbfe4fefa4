/**
 * A failure scenario replayed as node_exporter series into the real Prometheus and
 * VictoriaMetrics (`scripts/replay scenario`): the model's default feature PromQL reads the
 * scenario's features back, and the shipped model's risk over it rises above its alert threshold
 * before the failures.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { HostFeatureMatrix } from '../../src/model/features/alignSeries';
import { DEFAULT_FEATURES, renderFeatureQuery } from '../../src/model/features/featureSpec';
import { generateScenarioFleet } from '../../src/model/scenarios/generateScenarioFleet';
import { ScenarioOptions } from '../../src/model/scenarios/types';
import { ScenarioReplaySummary } from '../../src/replay/scenarioReplay';
import { queryRange, rawSamples, stack } from './stackEnv';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../..');
const tsx = path.join(root, 'node_modules/.bin/tsx');
const STEP_S = 15;
/**
 * rate(x[1m]) at a grid time spans the four 15 s steps ending there (Prometheus: samples at both
 * ends of [t − 1m, t], no extrapolation needed; VictoriaMetrics: the sample before the window as
 * the start), so a rate feature reads back as the mean of those four scenario values.
 */
const RATE_STEPS = 4;
/** Counters are sums of doubles up to ~1e12 (bytes): their difference over a minute keeps ~1e-10 relative. */
const TOLERANCE = 1e-8;

interface ScoreJson {
  timestampsMs: number[];
  hosts: Array<{ instance: string; risk: number[]; episodes: Array<{ firedMs: number; endMs: number }> }>;
}

let workDir: string;
let summary: ScenarioReplaySummary;
let fleetHosts: Map<string, HostFeatureMatrix>;
let liveBefore: Record<string, { endS: number; samples: number }>;

/**
 * This run's own hosts: a replay replaces only the scenario with its prefix, so other sessions
 * replaying the default scenario into the shared stack meanwhile leave this data alone.
 */
const PREFIX = `it${process.pid}-`;

async function replayScenario(args: string[]): Promise<ScenarioReplaySummary> {
  const out = path.join(workDir, 'scenario-replay.json');
  await run(path.join(root, 'scripts/replay'), ['scenario', '--prefix', PREFIX, '--out', out, ...args], { cwd: root });
  return JSON.parse(fs.readFileSync(out, 'utf8')) as ScenarioReplaySummary;
}

/** Live node_exporter samples (job="node") each TSDB holds in a fixed past window. */
async function liveSamples(baseUrl: string, endS: number): Promise<number> {
  const result = await queryRange(baseUrl, 'sum(count_over_time(node_load1{job="node"}[2m]))', endS, endS, 60);
  return Number(result[0]?.values[0]?.[1] ?? 0);
}

beforeAll(async () => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scenario-replay-'));
  // Live data must survive a replay (Prometheus drops its head's data when a backfilled block
  // reaches into it): count it over a fixed window before, compare after.
  // 30 s back, so remote-written samples have reached VictoriaMetrics before the first count.
  // A stack started just now has no live samples that far back yet: wait (up to 90 s) until both
  // TSDBs have some, or the comparison after the replay would prove nothing.
  const waitUntil = Date.now() + 90_000;
  for (;;) {
    const endS = Math.floor(Date.now() / 1000) - 30;
    liveBefore = {};
    for (const url of [stack.promUrl, stack.vmUrl]) {
      liveBefore[url] = { endS, samples: await liveSamples(url, endS) };
    }
    if (Object.values(liveBefore).every((l) => l.samples > 0)) {
      break;
    }
    if (Date.now() > waitUntil) {
      throw new Error(
        `no live node_exporter samples after 90 s (${JSON.stringify(liveBefore)}): is node_exporter scraped? (scripts/stack status)`
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 5_000));
  }
  // A bigger scenario first, so the test can see the default one replace it whole (its fifth host too).
  await replayScenario(['--seed', '1', '--hosts', '5', '--hours', '2']);
  summary = await replayScenario([]);
  const fleet = generateScenarioFleet(summary.generator as unknown as ScenarioOptions);
  fleetHosts = new Map(fleet.hosts.map((h) => [h.instance, h]));
}, 330_000);

afterAll(async () => {
  fs.rmSync(workDir, { recursive: true, force: true });
  // Leave no per-run hosts behind in the shared stack.
  const match = encodeURIComponent(`{job="sentinel-scenario",instance=~"${PREFIX}.+"}`);
  for (const baseUrl of [stack.promUrl, stack.vmUrl]) {
    await fetch(new URL(`/api/v1/admin/tsdb/delete_series?match[]=${match}`, baseUrl), { method: 'POST' });
  }
});

describe.each([
  ['Prometheus', stack.promUrl],
  ['VictoriaMetrics', stack.vmUrl],
])('scenario replayed into %s', (name, baseUrl) => {
  it('holds exactly the latest scenario’s hosts, and still every live node_exporter sample', async () => {
    const at = summary.toMs / 1000;
    const hosts = await queryRange(baseUrl, `count by (instance) (node_load1{${summary.selector}})`, at, at, STEP_S);
    expect(hosts.map((h) => h.metric.instance).sort()).toEqual(summary.hosts);
    const { endS, samples } = liveBefore[baseUrl];
    // The stack scrapes every 5 s; beforeAll waited until both held some in the 2 minutes.
    expect(samples).toBeGreaterThan(0);
    expect(await liveSamples(baseUrl, endS)).toBe(samples);
  });

  it.each(DEFAULT_FEATURES.map((f) => [f.name, f] as const))(
    '%s reads back as the scenario feature',
    async (feature, spec) => {
      const expr = renderFeatureQuery(spec, summary.selector, '1m');
      const isRate = spec.promql.includes('rate(');
      // From the first time a 1-minute window holds four whole steps of the scenario.
      const start = summary.fromMs / 1000 + RATE_STEPS * STEP_S;
      const result = await queryRange(baseUrl, expr, start, summary.toMs / 1000, STEP_S);
      expect(result.map((r) => r.metric.instance).sort()).toEqual(summary.hosts);
      let worst = 0;
      let fromInstant = 0;
      for (const series of result) {
        const host = fleetHosts.get(series.metric.instance)!;
        const c = host.features.indexOf(feature);
        const value = (k: number) => host.values[k * host.features.length + c];
        expect(series.values).toHaveLength((summary.toMs / 1000 - start) / STEP_S + 1);
        for (const [t, text] of series.values) {
          const k = (t * 1000 - summary.fromMs) / (STEP_S * 1000);
          let want = value(k);
          if (isRate) {
            want = 0;
            for (let j = 0; j < RATE_STEPS; j++) {
              want += value(k - j) / RATE_STEPS;
            }
          }
          const got = Number(text);
          worst = Math.max(worst, Math.abs(got - want) / Math.max(1, Math.abs(want)));
          fromInstant = Math.max(fromInstant, Math.abs(got - value(k)) / Math.max(1, Math.abs(value(k))));
        }
      }
      console.log(
        `${name} ${feature}: max relative error ${worst.toExponential(2)} (vs the instantaneous feature: ${fromInstant.toExponential(2)})`
      );
      expect(worst).toBeLessThanOrEqual(TOLERANCE);
    }
  );
});

describe('the shipped model on the replayed scenario', () => {
  it.each([
    ['Prometheus', stack.promUrl],
    ['VictoriaMetrics', stack.vmUrl],
  ])('risk from %s rises above the alert threshold before a failure', async (name, baseUrl) => {
    const sentinel = JSON.parse(fs.readFileSync(path.join(root, 'models/default/sentinel.json'), 'utf8')) as {
      alerting: { threshold: number };
      horizonSteps: number;
      stepSeconds: number;
    };
    const threshold = sentinel.alerting.threshold;
    const horizonMs = sentinel.horizonSteps * sentinel.stepSeconds * 1000;
    const scoreArgs = [
      'src/cli/sentinel.ts',
      'score',
      '--prometheus',
      baseUrl,
      '--selector',
      summary.selector,
      '--start',
      summary.from,
      '--end',
      summary.to,
      '--json',
    ];
    const options = { cwd: root, maxBuffer: 256 * 1024 * 1024 };
    const { stdout } = await run(tsx, scoreArgs, options);
    const score = JSON.parse(stdout) as ScoreJson;
    expect(score.hosts.map((h) => h.instance).sort()).toEqual(summary.hosts);
    if (name === 'Prometheus') {
      // Large fleets are scored on worker threads; the output must not change with them.
      const pooled = await run(tsx, [...scoreArgs, '--workers', '2'], options);
      expect(pooled.stderr).toMatch(/on 2 threads of tfjs wasm/);
      expect(pooled.stdout).toBe(stdout);
    }
    expect(summary.failures.length).toBeGreaterThan(0);

    const caught: string[] = [];
    for (const failure of summary.failures) {
      const host = score.hosts.find((h) => h.instance === failure.instance)!;
      // The protocol's window for a useful alert: up to 2H before the failure, and before it.
      const fired = host.episodes.filter(
        (e) => e.firedMs >= failure.failureMs - 2 * horizonMs && e.firedMs < failure.failureMs
      );
      let peak = 0;
      let firstAbove: number | undefined;
      score.timestampsMs.forEach((t, i) => {
        if (t >= failure.failureMs - 2 * horizonMs && t < failure.failureMs) {
          peak = Math.max(peak, host.risk[i]);
          if (host.risk[i] >= threshold && firstAbove === undefined) {
            firstAbove = t;
          }
        }
      });
      const lead = (t?: number) => (t === undefined ? 'none' : `${((failure.failureMs - t) / 60_000).toFixed(2)} min`);
      console.log(
        `${name}: ${failure.instance} ${failure.kind} at ${failure.failureTime}: peak risk ${peak.toFixed(4)} before it (threshold ${threshold}); first above ${lead(firstAbove)} ahead; alert episode fired ${lead(fired[0]?.firedMs)} ahead`
      );
      if (fired.length > 0) {
        caught.push(`${failure.instance} ${failure.kind}`);
      }
    }
    for (const host of score.hosts) {
      const failures = summary.failures.filter((f) => f.instance === host.instance).length;
      console.log(
        `${name}: ${host.instance}: max risk ${Math.max(...host.risk).toFixed(4)}, ${host.episodes.length} alert episode(s), ${failures} failure(s)`
      );
    }
    expect(caught.length).toBeGreaterThan(0);
  });
});

describe('a scenario that would reach into Prometheus’ live head', () => {
  it('is refused before either server is touched', async () => {
    const replay = run(
      path.join(root, 'scripts/replay'),
      ['scenario', '--prefix', PREFIX, '--end', new Date().toISOString(), '--out', path.join(workDir, 'refused.json')],
      {
        cwd: root,
      }
    );
    await expect(replay).rejects.toMatchObject({ code: 1, stderr: expect.stringMatching(/into Prometheus' head/) });
    expect(fs.existsSync(path.join(workDir, 'refused.json'))).toBe(false);
    for (const baseUrl of [stack.promUrl, stack.vmUrl]) {
      const at = summary.toMs / 1000;
      const hosts = await queryRange(baseUrl, `count by (instance) (node_load1{${summary.selector}})`, at, at, STEP_S);
      expect(hosts.map((h) => h.metric.instance).sort()).toEqual(summary.hosts);
      // Nothing of the refused scenario arrived: no scenario sample lies after the replayed one's end.
      const now = Date.now() / 1000;
      const recent = await rawSamples(baseUrl, `node_load1{${summary.selector}}`, `${Math.ceil(now - at) + 60}s`, now);
      expect(Math.max(...recent.flatMap((r) => r.values.map(([t]) => t)))).toBe(at);
    }
  });
});
