import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readSentinelCsv } from '../../replay/readSentinelCsv';
import { assertValidSeries } from '../../replay/types';
import { generateScenarioFleet } from './generateScenarioFleet';
import { F, SCENARIO_FEATURES, SCENARIO_UNITS } from './scenarioFeatures';
import {
  SCENARIO_CSV,
  SCENARIO_JSON,
  SCENARIO_LABEL_METRIC,
  SCENARIO_METRIC_PREFIX,
  writeScenarioDataset,
  writeScenarioFleet,
} from './writeScenarioDataset';

describe('scenario dataset files', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scenarios-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const options = {
    seed: 9,
    hosts: 2,
    durationHours: 12,
    failureRate: 6,
    normalSource: 'synthetic' as const,
    scrapeGaps: { perHostDay: 20, maxSteps: 3 },
  };

  it('writes replay CSV that reads back as the fleet, gaps as absent samples', () => {
    const fleet = generateScenarioFleet(options);
    const written = writeScenarioFleet(dir, fleet, { labelColumn: true });
    expect(written.rows).toBe(2 * 12 * 240);
    expect(fleet.failures.length).toBeGreaterThan(0);
    const header = fs.readFileSync(written.csv, 'utf8').split('\n', 1)[0].split(',');
    expect(header).toEqual([
      'timestamp',
      'instance',
      ...SCENARIO_FEATURES.map((f) => SCENARIO_METRIC_PREFIX + f),
      SCENARIO_LABEL_METRIC,
    ]);

    const dataset = readSentinelCsv(written.csv);
    dataset.series.forEach(assertValidSeries);
    for (const host of fleet.hosts) {
      SCENARIO_FEATURES.forEach((feature, f) => {
        const series = dataset.series.find(
          (s) => s.name === SCENARIO_METRIC_PREFIX + feature && s.labels.instance === host.instance
        )!;
        const present = [...host.timestampsMs].map((t, k) => ({ t, k })).filter(({ k }) => !host.missing[k * F + f]);
        expect(series.timestampsMs).toEqual(present.map(({ t }) => t));
        let worst = 0;
        present.forEach(({ k }, i) => {
          const v = host.values[k * F + f];
          worst = Math.max(worst, Math.abs(series.values[i] - v));
        });
        // Byte rates are written as whole bytes, everything else to at least 4 decimals.
        expect(worst).toBeLessThanOrEqual(SCENARIO_UNITS[f] === 'bytes_per_second' ? 0.5 : 5e-5);
      });
    }
    expect(fleet.scrapeGaps.length).toBeGreaterThan(0);
  });

  it('writes the failure instants and what regenerates them as JSON', () => {
    const result = writeScenarioDataset(dir, options);
    const fleet = generateScenarioFleet(options);
    const document = JSON.parse(fs.readFileSync(path.join(dir, SCENARIO_JSON), 'utf8'));
    expect(result.failures).toBe(fleet.failures.length);
    expect(document.csv).toBe(SCENARIO_CSV);
    expect(document.features).toEqual(SCENARIO_FEATURES);
    expect(
      document.failures.map((f: { instance: string; kind: string; failureMs: number; precursorStartMs: number }) => [
        f.instance,
        f.kind,
        f.failureMs,
        f.precursorStartMs,
      ])
    ).toEqual(fleet.failures.map((f) => [f.instance, f.kind, f.failureMs, f.precursorStartMs]));
    expect(document.failures[0].failureTime).toBe(new Date(fleet.failures[0].failureMs).toISOString());
    const again = generateScenarioFleet(document.options);
    expect(again.failures).toEqual(fleet.failures);
  });
});
