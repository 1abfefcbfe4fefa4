import fs from 'node:fs';
import { conditionHolds, conditionsAt } from './failureConditions';
import { generateScenarioFleet } from './generateScenarioFleet';
import { F, SCENARIO_FEATURES, SCENARIO_UNITS } from './scenarioFeatures';
import { scenarioLabels } from './scenarioLabels';
import { DEFAULT_SMD_DIR } from './smdSegments';
import { BENIGN_KINDS, FAILURE_KINDS, NormalSource, ScenarioFleet, ScenarioOptions } from './types';

const itWithDatasets = fs.existsSync(DEFAULT_SMD_DIR) || !process.env.GITHUB_ACTIONS ? it : it.skip;

/** Synthetic normal behaviour runs everywhere; SMD's only where the datasets are. */
const SOURCES: Array<[NormalSource, typeof it]> = [
  ['synthetic', it],
  ['smd', itWithDatasets],
];

const cache = new Map<string, ScenarioFleet>();
function fleetOf(options: ScenarioOptions): ScenarioFleet {
  const key = JSON.stringify(options);
  if (!cache.has(key)) {
    cache.set(key, generateScenarioFleet(options));
  }
  return cache.get(key)!;
}

const base = (normalSource: NormalSource): ScenarioOptions => ({
  seed: 11,
  hosts: 6,
  durationHours: 24,
  failureRate: 2,
  benignRate: 6,
  normalSource,
});

function stepOf(fleet: ScenarioFleet, ms: number): number {
  return Math.round((ms - fleet.options.startMs) / (fleet.options.stepSeconds * 1000));
}

describe.each(SOURCES)('scenario fleet on %s normal behaviour', (normalSource, itIf) => {
  itIf('is identical for a seed and differs between seeds', () => {
    const a = generateScenarioFleet(base(normalSource));
    const b = generateScenarioFleet(base(normalSource));
    const c = generateScenarioFleet({ ...base(normalSource), seed: 12 });
    expect(b.failures).toEqual(a.failures);
    expect(b.benignEvents).toEqual(a.benignEvents);
    a.hosts.forEach((host, h) => {
      expect(Buffer.from(b.hosts[h].values.buffer).equals(Buffer.from(host.values.buffer))).toBe(true);
    });
    expect(Buffer.from(c.hosts[0].values.buffer).equals(Buffer.from(a.hosts[0].values.buffer))).toBe(false);
    expect(c.failures).not.toEqual(a.failures);
  });

  itIf('writes the default features in order on a 15 s grid, with no missing cells unless asked', () => {
    const fleet = fleetOf(base(normalSource));
    expect(fleet.hosts).toHaveLength(6);
    for (const host of fleet.hosts) {
      expect(host.features).toEqual(SCENARIO_FEATURES);
      expect(host.timestampsMs).toHaveLength(24 * 240);
      expect(host.timestampsMs[1] - host.timestampsMs[0]).toBe(15_000);
      expect(host.missing.every((m) => m === 0)).toBe(true);
    }
  });

  itIf('stays within physical bounds everywhere', () => {
    const outside: string[] = [];
    for (const host of fleetOf(base(normalSource)).hosts) {
      host.values.forEach((v, i) => {
        const ratio = SCENARIO_UNITS[i % F] === 'ratio';
        if (!Number.isFinite(v) || v < 0 || (ratio && v > 1)) {
          outside.push(`${host.instance} row ${Math.floor(i / F)} ${SCENARIO_FEATURES[i % F]} = ${v}`);
        }
      });
    }
    expect(outside).toEqual([]);
  });

  itIf.each(FAILURE_KINDS)('%s first meets its failure condition at f, after a precursor in range', (kind) => {
    const fleet = fleetOf({ ...base(normalSource), kinds: [kind], failureRate: 3, precursorMinutes: [20, 45] });
    const mine = fleet.failures.filter((f) => f.kind === kind);
    expect(mine.length).toBeGreaterThanOrEqual(6);
    for (const failure of mine) {
      const host = fleet.hosts.find((h) => h.instance === failure.instance)!;
      const kf = stepOf(fleet, failure.failureMs);
      const kp = stepOf(fleet, failure.precursorStartMs);
      expect(conditionHolds(kind, host.values, kf * F)).toBe(true);
      let early = 0;
      for (let k = kp; k < kf; k++) {
        early += conditionHolds(kind, host.values, k * F) ? 1 : 0;
      }
      expect(early).toBe(0);
      const leadMinutes = (failure.failureMs - failure.precursorStartMs) / 60_000;
      expect(leadMinutes).toBeGreaterThanOrEqual(20);
      expect(leadMinutes).toBeLessThanOrEqual(45);
      expect(failure.recoveredMs).toBeGreaterThan(failure.failureMs);
    }
  });

  itIf('meets failure conditions only between a failure instant and its recovery', () => {
    const fleet = fleetOf(base(normalSource));
    expect(fleet.failures.length).toBeGreaterThan(0);
    const unexplained: string[] = [];
    for (const host of fleet.hosts) {
      const own = fleet.failures.filter((f) => f.instance === host.instance);
      for (let k = 0; k < host.timestampsMs.length; k++) {
        const t = host.timestampsMs[k];
        for (const kind of conditionsAt(host.values, k * F)) {
          if (!own.some((f) => f.kind === kind && f.failureMs <= t && t < f.recoveredMs)) {
            unexplained.push(`${host.instance} row ${k}: ${kind}`);
          }
        }
      }
    }
    expect(unexplained).toEqual([]);
  });

  itIf('makes benign events that move features but never reach a failure condition', () => {
    const fleet = fleetOf({ ...base(normalSource), failureRate: 0, benignRate: 12 });
    expect(fleet.failures).toHaveLength(0);
    expect(new Set(fleet.benignEvents.map((b) => b.kind))).toEqual(new Set(BENIGN_KINDS));
    const met: string[] = [];
    for (const host of fleet.hosts) {
      for (let k = 0; k < host.timestampsMs.length; k++) {
        met.push(...conditionsAt(host.values, k * F).map((kind) => `${host.instance} row ${k}: ${kind}`));
      }
    }
    expect(met).toEqual([]);
    // A backup's archive visibly fills the filesystem before it is deleted.
    const fsIndex = SCENARIO_FEATURES.indexOf('filesystem_used');
    const backup = fleet.benignEvents.find((b) => b.kind === 'backup')!;
    const host = fleet.hosts.find((h) => h.instance === backup.instance)!;
    const k0 = stepOf(fleet, backup.startMs);
    const k1 = k0 + Math.round((backup.params.durationMinutes * 60) / 15);
    expect(host.values[k1 * F + fsIndex] - host.values[k0 * F + fsIndex]).toBeGreaterThan(0.02);
  });
});

describe('scenario fleet options', () => {
  it('uses a 60 s grid when asked', () => {
    const fleet = generateScenarioFleet({
      seed: 1,
      hosts: 2,
      durationHours: 6,
      stepSeconds: 60,
      normalSource: 'synthetic',
    });
    expect(fleet.hosts[0].timestampsMs).toHaveLength(360);
    expect(fleet.hosts[0].timestampsMs[1] - fleet.hosts[0].timestampsMs[0]).toBe(60_000);
  });

  it('injects whole-row scrape gaps that never hide a failure instant', () => {
    const fleet = generateScenarioFleet({
      seed: 5,
      hosts: 4,
      durationHours: 24,
      failureRate: 3,
      normalSource: 'synthetic',
      scrapeGaps: { perHostDay: 40, maxSteps: 6 },
    });
    expect(fleet.scrapeGaps.length).toBeGreaterThan(40);
    for (const host of fleet.hosts) {
      let partial = 0;
      let notNaN = 0;
      for (let k = 0; k < host.timestampsMs.length; k++) {
        const row = host.missing.subarray(k * F, k * F + F);
        partial += row.every((m) => m === row[0]) ? 0 : 1;
        notNaN += row[0] && !host.values.subarray(k * F, k * F + F).every(Number.isNaN) ? 1 : 0;
      }
      expect([partial, notNaN]).toEqual([0, 0]);
      for (const failure of fleet.failures.filter((f) => f.instance === host.instance)) {
        expect(host.missing[stepOf(fleet, failure.failureMs) * F]).toBe(0);
      }
    }
  });

  it('labels [f - H, f] (and the failure state unless told not to)', () => {
    const fleet = generateScenarioFleet({
      seed: 2,
      hosts: 3,
      durationHours: 24,
      failureRate: 2,
      normalSource: 'synthetic',
    });
    const failure = fleet.failures[0];
    const h = fleet.hosts.findIndex((host) => host.instance === failure.instance);
    const own = fleet.failures.filter((f) => f.instance === failure.instance);
    const window = scenarioLabels(fleet, { throughRecovery: false })[h].labels;
    expect(window.reduce((a, b) => a + b, 0)).toBe(own.length * (15 * 4 + 1));
    const k = stepOf(fleet, failure.failureMs);
    expect([window[k - 61], window[k - 60], window[k], window[k + 1]]).toEqual([0, 1, 1, 0]);
    expect(scenarioLabels(fleet)[h].labels[k + 1]).toBe(1);
  });

  it('refuses bad options with what to change', () => {
    expect(() => generateScenarioFleet({ seed: 1, hosts: 0, durationHours: 1, normalSource: 'synthetic' })).toThrow(
      /hosts must be a positive integer/
    );
    expect(() =>
      generateScenarioFleet({
        seed: 1,
        hosts: 1,
        durationHours: 1,
        precursorMinutes: [30, 10],
        normalSource: 'synthetic',
      })
    ).toThrow(/precursorMinutes/);
    expect(() =>
      generateScenarioFleet({
        seed: 1,
        hosts: 1,
        durationHours: 1,
        kinds: ['meltdown' as never],
        normalSource: 'synthetic',
      })
    ).toThrow(/unknown failure kind/);
    expect(() => generateScenarioFleet({ seed: 1, hosts: 1, durationHours: 1, smdDir: '/nonexistent' })).toThrow(
      /normalSource: 'synthetic'/
    );
  });
});
