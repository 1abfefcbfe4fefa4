import fs from 'node:fs';
import path from 'node:path';
import { parseCsv, parseFiniteNumber } from './numericCsv';
import { asdMetricName, SMD_METRIC_NAMES } from './smdMetricNames';
import { ReplayDataset, ReplayInputError, ReplaySeries } from './types';

export type MachineDatasetKind = 'smd' | 'asd';
export type MachineSplit = 'train' | 'test' | 'both';

export interface MachineDatasetOptions {
  kind: MachineDatasetKind;
  /** The dataset folder, e.g. ../shared/datasets/smd. */
  dir: string;
  /** Machine id as in the file names: machine-1-2 (SMD), omi-1 (ASD). */
  machine: string;
  split: MachineSplit;
  /** Time of row 0 of the first split read, in ms. */
  startMs: number;
}

/** The datasets' own sampling: SMD one row a minute, ASD one row every five (their READMEs). */
export const MACHINE_DATASET_STEP_MS: Record<MachineDatasetKind, number> = { smd: 60_000, asd: 300_000 };

/** The labels series: 1 where the dataset marks an anomaly, 0 elsewhere (train rows are normal). */
export const ANOMALY_LABEL_METRIC = 'sentinel_replay_anomaly_label';

/**
 * Reads one SMD or ASD machine (train, test or train followed by test) into per-metric series with
 * `instance=<machine>`, plus the anomaly labels as their own series so a dashboard can show them.
 */
export function readMachineDataset(options: MachineDatasetOptions): ReplayDataset {
  const { kind, dir, machine, split, startMs } = options;
  const stepMs = MACHINE_DATASET_STEP_MS[kind];
  const splits: Array<'train' | 'test'> = split === 'both' ? ['train', 'test'] : [split];
  const labels = { instance: machine, job: 'replay', dataset: kind, scaled: 'minmax' };

  let header: string[] | undefined;
  const columns: number[][] = [];
  const anomaly: number[] = [];
  for (const part of splits) {
    const file = path.join(dir, `${machine}_${part}.csv`);
    const table = parseCsv(readFile(file), file);
    if (header && header.join(',') !== table.header.join(',')) {
      throw new ReplayInputError(`${file}: header differs from the ${splits[0]} split's`);
    }
    header = table.header;
    table.rows.forEach((row, r) => {
      row.forEach((cell, c) => {
        (columns[c] ??= []).push(parseFiniteNumber(cell, file, r + 2, table.header[c]));
      });
    });
    anomaly.push(...(part === 'test' ? readTestLabels(dir, machine, table.rows.length) : new Array(table.rows.length).fill(0)));
  }
  if (!header) {
    throw new ReplayInputError(`no split selected for ${machine}`);
  }

  const timestampsMs = anomaly.map((_, i) => startMs + i * stepMs);
  const series: ReplaySeries[] = header.map((column, c) => ({
    name: kind === 'smd' ? smdName(column) : asdMetricName(column),
    labels,
    timestampsMs,
    values: columns[c],
  }));
  series.push({ name: ANOMALY_LABEL_METRIC, labels, timestampsMs, values: anomaly });
  return { source: `${kind} ${machine} (${split}, ${timestampsMs.length} rows)`, series };
}

function smdName(column: string): string {
  const name = SMD_METRIC_NAMES[column];
  if (!name) {
    throw new ReplayInputError(`SMD column "${column}" has no metric name; add it to SMD_METRIC_NAMES`);
  }
  return name;
}

function readTestLabels(dir: string, machine: string, rows: number): number[] {
  const file = path.join(dir, `${machine}_test_label.csv`);
  const table = parseCsv(readFile(file), file);
  if (table.rows.length !== rows) {
    throw new ReplayInputError(`${file}: ${table.rows.length} labels for ${rows} test rows`);
  }
  return table.rows.map((row, r) => parseFiniteNumber(row[0], file, r + 2, table.header[0]));
}

function readFile(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new ReplayInputError(`cannot read ${file}: ${(err as Error).message}`);
  }
}
