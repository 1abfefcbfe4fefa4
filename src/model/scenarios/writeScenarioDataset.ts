import fs from 'node:fs';
import path from 'node:path';
import { FAILURE_CONDITION_TEXT, FAILURE_THRESHOLDS } from './failureConditions';
import { generateScenarioFleet } from './generateScenarioFleet';
import { SMD_FEATURE_MAP } from './normalTraces';
import { F, SCENARIO_UNITS } from './scenarioFeatures';
import { scenarioLabels } from './scenarioLabels';
import { ScenarioFleet, ScenarioOptions } from './types';

/** Replayed features are named <prefix><feature>, e.g. sentinel_feature_cpu_busy. */
export const SCENARIO_METRIC_PREFIX = 'sentinel_feature_';
/** Optional column: 1 inside a failure's warning window [f - H, f], for dashboards. */
export const SCENARIO_LABEL_METRIC = 'sentinel_scenario_failure_window';
export const SCENARIO_CSV = 'scenarios.csv';
export const SCENARIO_JSON = 'scenarios.json';

export interface WriteScenarioOptions {
  /** Add the SCENARIO_LABEL_METRIC column (H = horizonMinutes, default 15). */
  labelColumn?: boolean;
  horizonMinutes?: number;
}

/**
 * Writes a fleet in our replay CSV format (`timestamp,instance,<metric>…`, unix seconds, empty
 * cell for a missed scrape; readSentinelCsv reads it back) and a JSON file of the failure instants,
 * benign events, gaps, sources and the options that regenerate it.
 */
export function writeScenarioFleet(
  dir: string,
  fleet: ScenarioFleet,
  options: WriteScenarioOptions = {}
): { csv: string; json: string; rows: number } {
  fs.mkdirSync(dir, { recursive: true });
  const csv = path.join(dir, SCENARIO_CSV);
  const json = path.join(dir, SCENARIO_JSON);
  const features = fleet.hosts[0]?.features ?? [];
  const labels = options.labelColumn
    ? scenarioLabels(fleet, { horizonMinutes: options.horizonMinutes, throughRecovery: false })
    : null;
  const header = [
    'timestamp',
    'instance',
    ...features.map((f) => SCENARIO_METRIC_PREFIX + f),
    ...(labels ? [SCENARIO_LABEL_METRIC] : []),
  ];
  const fd = fs.openSync(csv, 'w');
  let rows = 0;
  try {
    fs.writeSync(fd, header.join(',') + '\n');
    fleet.hosts.forEach((host, h) => {
      const lines: string[] = [];
      for (let k = 0; k < host.timestampsMs.length; k++) {
        const cells = [String(host.timestampsMs[k] / 1000), host.instance];
        for (let f = 0; f < F; f++) {
          cells.push(host.missing[k * F + f] ? '' : formatValue(host.values[k * F + f], f));
        }
        if (labels) {
          cells.push(String(labels[h].labels[k]));
        }
        lines.push(cells.join(','));
      }
      fs.writeSync(fd, lines.join('\n') + '\n');
      rows += lines.length;
    });
  } finally {
    fs.closeSync(fd);
  }
  const iso = (ms: number) => new Date(ms).toISOString();
  const document = {
    generator: 'anomaly-sentinel failure scenarios',
    csv: SCENARIO_CSV,
    metricPrefix: SCENARIO_METRIC_PREFIX,
    features,
    stepSeconds: fleet.options.stepSeconds,
    options: fleet.options,
    failureConditions: {
      thresholds: FAILURE_THRESHOLDS,
      text: FAILURE_CONDITION_TEXT,
      linkCapBytesPerSecond: fleet.options.linkCapBytesPerSecond,
    },
    featureMap: SMD_FEATURE_MAP,
    failures: fleet.failures.map((f) => ({
      ...f,
      failureTime: iso(f.failureMs),
      precursorStartTime: iso(f.precursorStartMs),
    })),
    benignEvents: fleet.benignEvents.map((b) => ({ ...b, startTime: iso(b.startMs) })),
    scrapeGaps: fleet.scrapeGaps,
    sources: fleet.sources,
  };
  fs.writeFileSync(json, JSON.stringify(document, null, 1) + '\n');
  return { csv, json, rows };
}

/** Generates a fleet and writes it (see writeScenarioFleet); what the CLI calls. */
export function writeScenarioDataset(dir: string, options: ScenarioOptions & WriteScenarioOptions) {
  const { labelColumn, horizonMinutes, ...scenario } = options;
  const fleet = generateScenarioFleet(scenario);
  const written = writeScenarioFleet(dir, fleet, { labelColumn, horizonMinutes });
  return {
    ...written,
    hosts: fleet.hosts.length,
    failures: fleet.failures.length,
    benignEvents: fleet.benignEvents.length,
  };
}

/** Ratios and loads to 6 decimals, byte rates to whole bytes, event rates to 4 decimals. */
function formatValue(v: number, f: number): string {
  switch (SCENARIO_UNITS[f]) {
    case 'bytes_per_second':
      return String(Math.round(v));
    case 'per_second':
      return trimZeros(v.toFixed(4));
    default:
      return trimZeros(v.toFixed(6));
  }
}

function trimZeros(s: string): string {
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}
