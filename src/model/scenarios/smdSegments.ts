import fs from 'node:fs';
import path from 'node:path';
import { ScenarioRandom } from './rng';

/** SMD columns the feature map reads (see SMD_FEATURE_MAP). */
export const SMD_COLUMNS = [
  'cpu_r',
  'load_1',
  'mem_u',
  'disk_u',
  'disk_rb',
  'disk_wb',
  'disk_q',
  'eth1_fi',
  'eth1_fo',
  'retransegs',
  'tcp_use',
] as const;
export type SmdColumn = (typeof SMD_COLUMNS)[number];
export type SmdColumns = Record<SmdColumn, Float64Array>;

export const DEFAULT_SMD_MACHINES = [
  'machine-1-2',
  'machine-1-3',
  'machine-1-4',
  'machine-1-5',
  'machine-1-6',
  'machine-1-7',
  'machine-1-8',
];
export const DEFAULT_SMD_DIR = path.resolve(__dirname, '../../../../shared/datasets/smd');

/** Test rows this close (in minutes) to a labelled anomaly are not used as normal behaviour. */
export const ANOMALY_MARGIN_ROWS = 60;

export interface SmdMachine {
  machine: string;
  splits: Record<'train' | 'test', SmdColumns>;
  testLabels: Uint8Array;
}

export interface NormalSegment {
  split: 'train' | 'test';
  startRow: number;
  rows: number;
}

const cache = new Map<string, SmdMachine>();
// Local references: under jest a global lookup in a hot loop costs ~10x (vm context).
const toNumber = Number;
const { isFinite } = Number;
const { min, max } = Math;

/**
 * One SMD machine's columns, read once per process. A lean reader of only the mapped columns:
 * readMachineDataset (src/replay) builds every series with timestamps, five times slower, which
 * the generator does not need.
 */
export function loadSmdMachine(dir: string, machine: string): SmdMachine {
  const key = `${dir}\u0000${machine}`;
  const hit = cache.get(key);
  if (hit) {
    return hit;
  }
  const train = readColumns(path.join(dir, `${machine}_train.csv`), SMD_COLUMNS);
  const test = readColumns(path.join(dir, `${machine}_test.csv`), SMD_COLUMNS);
  const labelFile = path.join(dir, `${machine}_test_label.csv`);
  const labels = readColumns(labelFile, null);
  if (labels.rows !== test.rows) {
    throw new Error(`${labelFile}: ${labels.rows} labels for ${test.rows} test rows`);
  }
  const loaded: SmdMachine = {
    machine,
    splits: { train: train.columns as SmdColumns, test: test.columns as SmdColumns },
    testLabels: Uint8Array.from(labels.first, (v) => (v > 0 ? 1 : 0)),
  };
  cache.set(key, loaded);
  return loaded;
}

/** The named columns of a headed CSV of numbers (or, with null, its first column). */
function readColumns(file: string, wanted: readonly string[] | null) {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`cannot read ${file}: ${(err as Error).message}; is the SMD folder complete?`);
  }
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  const header = lines[0].split(',').map((h) => h.trim());
  const names = wanted ?? [header[0]];
  const index = names.map((name) => {
    const i = header.indexOf(name);
    if (i < 0) {
      throw new Error(`${file} has no column "${name}"; the scenario generator maps it onto a feature`);
    }
    return i;
  });
  const rows = lines.length - 1;
  const out = names.map(() => new Float64Array(rows));
  for (let r = 0; r < rows; r++) {
    const cells = lines[r + 1].split(',');
    for (let q = 0; q < index.length; q++) {
      const cell = cells[index[q]];
      const v = toNumber(cell);
      if (!isFinite(v) || cell === undefined || cell === '') {
        throw new Error(`${file} line ${r + 2}, column "${names[q]}": "${cell}" is not a finite number`);
      }
      out[q][r] = v;
    }
  }
  return { rows, first: out[0], columns: Object.fromEntries(names.map((n, q) => [n, out[q]])) };
}

/**
 * Normal stretches of a machine: its whole train split (SMD's train rows are unlabelled and
 * published as normal), and the runs of test rows with label 0 at least ANOMALY_MARGIN_ROWS away
 * from any labelled anomaly.
 */
export function normalSegments(m: SmdMachine, marginRows = ANOMALY_MARGIN_ROWS, minRows = 120): NormalSegment[] {
  const segments: NormalSegment[] = [{ split: 'train', startRow: 0, rows: m.splits.train.cpu_r.length }];
  const labels = m.testLabels;
  const n = labels.length;
  const nearAnomaly = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (labels[i]) {
      for (let j = max(0, i - marginRows); j <= min(n - 1, i + marginRows); j++) {
        nearAnomaly[j] = 1;
      }
    }
  }
  let start = -1;
  for (let i = 0; i <= n; i++) {
    const ok = i < n && !nearAnomaly[i];
    if (ok && start < 0) {
      start = i;
    } else if (!ok && start >= 0) {
      if (i - start >= minRows) {
        segments.push({ split: 'test', startRow: start, rows: i - start });
      }
      start = -1;
    }
  }
  return segments;
}

export interface NormalPiece extends NormalSegment {
  /** Minute of the host's trace where this piece starts. */
  atMinute: number;
}

/** Rows blended across a join of two pieces, so stitching leaves no step change. */
export const JOIN_BLEND_ROWS = 10;

/**
 * Picks pieces of normal segments covering `minutes` rows: one random stretch when a segment is
 * long enough (every SMD train split covers ~16 days), otherwise several stitched end to end.
 */
export function drawNormalPieces(random: ScenarioRandom, segments: NormalSegment[], minutes: number): NormalPiece[] {
  const long = segments.filter((s) => s.rows >= minutes);
  if (long.length > 0) {
    const segment = pickByLength(random, long);
    const startRow = segment.startRow + random.int(0, segment.rows - minutes);
    return [{ split: segment.split, startRow, rows: minutes, atMinute: 0 }];
  }
  const pieces: NormalPiece[] = [];
  let at = 0;
  while (at < minutes) {
    const segment = pickByLength(random, segments);
    const want = min(minutes - at, segment.rows);
    const startRow = segment.startRow + random.int(0, segment.rows - want);
    pieces.push({ split: segment.split, startRow, rows: want, atMinute: at });
    at += want;
  }
  return pieces;
}

function pickByLength(random: ScenarioRandom, segments: NormalSegment[]): NormalSegment {
  const total = segments.reduce((sum, s) => sum + s.rows, 0);
  let r = random.next() * total;
  for (const s of segments) {
    r -= s.rows;
    if (r < 0) {
      return s;
    }
  }
  return segments[segments.length - 1];
}

/** The SMD columns of the pieces, end to end, with a linear blend into each later piece. */
export function piecesColumns(m: SmdMachine, pieces: NormalPiece[], minutes: number): SmdColumns {
  const out = {} as SmdColumns;
  for (const column of SMD_COLUMNS) {
    const trace = new Float64Array(minutes);
    for (const piece of pieces) {
      const source = m.splits[piece.split][column];
      for (let r = 0; r < piece.rows; r++) {
        trace[piece.atMinute + r] = source[piece.startRow + r];
      }
      if (piece.atMinute > 0) {
        const before = trace[piece.atMinute - 1];
        for (let r = 0; r < min(JOIN_BLEND_ROWS, piece.rows); r++) {
          const w = (r + 1) / (JOIN_BLEND_ROWS + 1);
          trace[piece.atMinute + r] = (1 - w) * before + w * trace[piece.atMinute + r];
        }
      }
    }
    out[column] = trace;
  }
  return out;
}
