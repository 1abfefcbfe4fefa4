/**
 * Reads the NAB corpus as published (shared/datasets/nab): data files, labelled windows, scoring profiles,
 * thresholds, the scoreboard and detectors' result files. The only file I/O of src/model/eval.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseNabTimestamp } from './events';
import { NabCostMatrix, NabProfileName, NabSeries, NAB_PROFILE_NAMES } from './nabScorer';

export const DEFAULT_NAB_DIR = path.resolve(__dirname, '../../../../shared/datasets/nab');

export interface NabDataFile {
  /** Path relative to data/, e.g. "realKnownCause/nyc_taxi.csv". */
  name: string;
  timestamps: Float64Array;
  values: Float64Array;
}

/** A published detector's figure for one profile (config/thresholds.json). */
export interface NabThreshold {
  threshold: number;
  /** Raw corpus score at that threshold. */
  score: number;
}

export type NabThresholds = Record<string, Record<NabProfileName, NabThreshold>>;
/** results/final_results.json: normalised scores per detector and profile. */
export type NabFinalResults = Record<string, Record<NabProfileName, number>>;

/** One row of results/<detector>/<detector>_<profile>_scores.csv. */
export interface NabPublishedFileScore {
  name: string;
  threshold: number;
  score: number;
  tp: number;
  tn: number;
  fp: number;
  fn: number;
  totalCount: number;
}

/** Windows per data file (epoch ms), in the JSON file's order. */
export function readNabWindows(
  nabDir = DEFAULT_NAB_DIR,
  labelFile = 'labels/combined_windows.json'
): Map<string, Array<[number, number]>> {
  const raw = readJson(path.join(nabDir, labelFile)) as Record<string, Array<[string, string]>>;
  const windows = new Map<string, Array<[number, number]>>();
  for (const [name, limits] of Object.entries(raw)) {
    windows.set(
      name,
      limits.map(([first, last]) => [parseNabTimestamp(first), parseNabTimestamp(last)])
    );
  }
  return windows;
}

export function readNabProfiles(nabDir = DEFAULT_NAB_DIR): Record<NabProfileName, NabCostMatrix> {
  const file = path.join(nabDir, 'config/profiles.json');
  const raw = readJson(file) as Record<string, { CostMatrix: NabCostMatrix }>;
  const profiles = {} as Record<NabProfileName, NabCostMatrix>;
  for (const name of NAB_PROFILE_NAMES) {
    const cost = raw[name]?.CostMatrix;
    if (!cost || ![cost.tpWeight, cost.fnWeight, cost.fpWeight].every(Number.isFinite)) {
      throw new Error(`${file}: profile "${name}" has no CostMatrix with tpWeight, fnWeight and fpWeight`);
    }
    profiles[name] = cost;
  }
  return profiles;
}

export function readNabThresholds(nabDir = DEFAULT_NAB_DIR): NabThresholds {
  return readJson(path.join(nabDir, 'config/thresholds.json')) as NabThresholds;
}

export function readNabFinalResults(nabDir = DEFAULT_NAB_DIR): NabFinalResults {
  return readJson(path.join(nabDir, 'results/final_results.json')) as NabFinalResults;
}

/** A data file's timestamps (epoch ms, UTC) and values. */
export function readNabDataFile(name: string, nabDir = DEFAULT_NAB_DIR): NabDataFile {
  const table = readCsv(path.join(nabDir, 'data', name), ['timestamp', 'value']);
  return {
    name,
    timestamps: Float64Array.from(table.timestamp, parseNabTimestamp),
    values: Float64Array.from(table.value, Number),
  };
}

/** Where NAB keeps a detector's output for a data file: results/<det>/<dir>/<det>_<file>. */
export function nabResultsPath(nabDir: string, detector: string, name: string): string {
  return path.join(nabDir, 'results', detector, path.dirname(name), `${detector}_${path.basename(name)}`);
}

/**
 * A published detector's anomaly scores over the whole corpus, ready for nabScore: timestamps from the data
 * files (as NAB scores them), anomaly_score from results/<detector>/, windows from the labels file.
 */
export function readNabDetectorCorpus(
  detector: string,
  nabDir = DEFAULT_NAB_DIR,
  windows = readNabWindows(nabDir)
): NabSeries[] {
  return [...windows.entries()].map(([name, limits]) => {
    const data = readNabDataFile(name, nabDir);
    const resultsFile = nabResultsPath(nabDir, detector, name);
    const scores = readCsv(resultsFile, ['anomaly_score']).anomaly_score;
    if (scores.length !== data.timestamps.length) {
      throw new Error(`${resultsFile}: ${scores.length} rows, but data/${name} has ${data.timestamps.length}`);
    }
    return { name, timestamps: data.timestamps, anomalyScores: Float64Array.from(scores, Number), windows: limits };
  });
}

/** The per-file rows (not the Totals row) of a detector's published *_scores.csv. */
export function readNabPublishedFileScores(
  detector: string,
  profile: NabProfileName,
  nabDir = DEFAULT_NAB_DIR
): NabPublishedFileScore[] {
  const file = path.join(nabDir, 'results', detector, `${detector}_${profile}_scores.csv`);
  const columns = ['File', 'Threshold', 'Score', 'TP', 'TN', 'FP', 'FN', 'Total_Count'];
  const t = readCsv(file, columns);
  const rows: NabPublishedFileScore[] = [];
  t.File.forEach((name, i) => {
    if (name === '') {
      return; // the Totals row
    }
    rows.push({
      name,
      threshold: Number(t.Threshold[i]),
      score: Number(t.Score[i]),
      tp: Number(t.TP[i]),
      tn: Number(t.TN[i]),
      fp: Number(t.FP[i]),
      fn: Number(t.FN[i]),
      totalCount: Number(t.Total_Count[i]),
    });
  });
  return rows;
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read NAB file ${file}: ${(err as Error).message}; check the NAB folder path`);
  }
}

/** The named columns of a plain (unquoted) CSV with a header row, as strings. */
function readCsv<K extends string>(file: string, wanted: readonly K[]): Record<K, string[]> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`cannot read NAB file ${file}: ${(err as Error).message}; check the NAB folder path`);
  }
  const lines = text.split(/\r?\n/);
  const header = lines[0].split(',');
  const indices = wanted.map((name) => {
    const k = header.indexOf(name);
    if (k < 0) {
      throw new Error(`${file}: no "${name}" column (header: ${lines[0]})`);
    }
    return k;
  });
  const out = Object.fromEntries(wanted.map((name) => [name, [] as string[]])) as Record<K, string[]>;
  for (let r = 1; r < lines.length; r++) {
    if (lines[r] === '') {
      continue;
    }
    const cells = lines[r].split(',');
    wanted.forEach((name, j) => out[name].push(cells[indices[j]] ?? ''));
  }
  return out;
}
