/**
 * Reads SMD (shared/datasets/smd) machines as published: `<machine>_train.csv`, `<machine>_test.csv`
 * (38 columns, min-max scaled per machine) and `<machine>_test_label.csv` (one 0/1 per test row).
 * Rows carry no timestamps; the dataset's README says to read row i as minute i, and test follows
 * train in time, so train rows are minutes 0 … T−1 and test rows T … T+N−1.
 * ASD (shared/datasets/asd, servers omi-1 … omi-6, 19 columns) has the same layout with 5-minute rows.
 */
import fs from 'node:fs';
import path from 'node:path';
import { HostFeatureMatrix } from '../features/alignSeries';

export const DEFAULT_SMD_DATASET_DIR = path.resolve(__dirname, '../../../../shared/datasets/smd');
export const DEFAULT_ASD_DATASET_DIR = path.resolve(__dirname, '../../../../shared/datasets/asd');
export const SMD_STEP_MS = 60_000;
export const ASD_STEP_MS = 300_000;

/** A dataset in the SMD layout: its name in messages and tables, and the time between rows. */
export interface MachineDatasetFormat {
  name: 'SMD' | 'ASD';
  stepMs: number;
}

export const SMD_FORMAT: MachineDatasetFormat = { name: 'SMD', stepMs: SMD_STEP_MS };
export const ASD_FORMAT: MachineDatasetFormat = { name: 'ASD', stepMs: ASD_STEP_MS };

export interface SmdMachine {
  machine: string;
  format: MachineDatasetFormat;
  columns: string[];
  /** Row-major rows × columns. */
  train: Float64Array;
  test: Float64Array;
  trainRows: number;
  testRows: number;
  /** One per test row. */
  labels: Uint8Array;
}

/** Machines of the folder (those with all three files), in name order. */
export function listSmdMachines(dir = DEFAULT_SMD_DATASET_DIR): string[] {
  const names = fs.readdirSync(dir).flatMap((f) => /^(.+)_train\.csv$/.exec(f)?.[1] ?? []);
  return names
    .filter(
      (m) => fs.existsSync(path.join(dir, `${m}_test.csv`)) && fs.existsSync(path.join(dir, `${m}_test_label.csv`))
    )
    .sort();
}

/** One machine; `maxRows` keeps only the first rows of each split (for quick tests). */
export function readSmdMachine(
  machine: string,
  dir = DEFAULT_SMD_DATASET_DIR,
  maxRows = Infinity,
  format: MachineDatasetFormat = SMD_FORMAT
): SmdMachine {
  const train = readNumericCsv(path.join(dir, `${machine}_train.csv`), maxRows, format);
  const test = readNumericCsv(path.join(dir, `${machine}_test.csv`), maxRows, format);
  const labels = readNumericCsv(path.join(dir, `${machine}_test_label.csv`), maxRows, format);
  if (train.header.join(',') !== test.header.join(',')) {
    throw new Error(`${format.name} ${machine}: train and test headers differ`);
  }
  if (labels.rows !== test.rows || labels.header.length !== 1) {
    throw new Error(
      `${format.name} ${machine}: ${labels.rows} label rows (${labels.header.length} columns) for ${test.rows} test rows; expected one label per test row`
    );
  }
  return {
    machine,
    format,
    columns: train.header,
    train: train.values,
    test: test.values,
    trainRows: train.rows,
    testRows: test.rows,
    labels: Uint8Array.from(labels.values, (v) => (v ? 1 : 0)),
  };
}

/**
 * The machine as one host on its dataset's grid (1 minute for SMD): train rows then test rows (test
 * row j at step trainRows + j), so scoring test can warm up on the end of train, as a live system would.
 */
export function smdHost(m: SmdMachine, features: string[] = m.columns.map(smdFeatureName)): HostFeatureMatrix {
  const T = m.trainRows + m.testRows;
  const values = new Float64Array(T * m.columns.length);
  values.set(m.train, 0);
  values.set(m.test, m.train.length);
  return {
    instance: m.machine,
    features,
    timestampsMs: Float64Array.from({ length: T }, (_, i) => i * m.format.stepMs),
    values,
    missing: new Uint8Array(values.length),
  };
}

/** The first `rows` steps of a host (a view of its arrays' copies). */
export function hostPrefix(host: HostFeatureMatrix, rows: number): HostFeatureMatrix {
  const F = host.features.length;
  return {
    ...host,
    timestampsMs: host.timestampsMs.slice(0, rows),
    values: host.values.slice(0, rows * F),
    missing: host.missing.slice(0, rows * F),
  };
}

/** A column header as a feature name (sentinel.json requires lower-case snake case). */
export function smdFeatureName(column: string): string {
  const name = column.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  return /^[a-z]/.test(name) ? name : `c_${name}`;
}

function readNumericCsv(
  file: string,
  maxRows: number,
  format: MachineDatasetFormat
): { header: string[]; values: Float64Array; rows: number } {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(
      `cannot read ${format.name} file ${file}: ${(err as Error).message}; check the ${format.name} folder path`
    );
  }
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = lines[0].split(',').map((c) => c.trim());
  const n = Math.min(lines.length - 1, maxRows);
  const values = new Float64Array(n * header.length);
  for (let r = 0; r < n; r++) {
    const cells = lines[r + 1].split(',');
    if (cells.length !== header.length) {
      throw new Error(`${file} line ${r + 2}: ${cells.length} cells, header has ${header.length}`);
    }
    for (let c = 0; c < cells.length; c++) {
      const v = Number(cells[c]);
      if (cells[c].trim() === '' || !Number.isFinite(v)) {
        throw new Error(`${file} line ${r + 2}, column "${header[c]}": "${cells[c]}" is not a finite number`);
      }
      values[r * header.length + c] = v;
    }
  }
  return { header, values, rows: n };
}
