import { ReplayInputError } from './types';

/** A CSV file of a header row and rows of cells; no quoting (none of our formats need it). */
export interface CsvTable {
  header: string[];
  rows: string[][];
}

export function parseCsv(text: string, file: string): CsvTable {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  if (lines.length === 0) {
    throw new ReplayInputError(`${file} is empty`);
  }
  if (lines.some((line) => line.includes('"'))) {
    throw new ReplayInputError(`${file} contains quoted cells, which replay does not read; write plain comma-separated values`);
  }
  const header = lines[0].split(',').map((cell) => cell.trim());
  const rows = lines.slice(1).map((line, i) => {
    const cells = line.split(',').map((cell) => cell.trim());
    if (cells.length !== header.length) {
      throw new ReplayInputError(`${file} line ${i + 2}: ${cells.length} cells, header has ${header.length}`);
    }
    return cells;
  });
  return { header, rows };
}

/**
 * A finite number, or a clear error naming the cell. NaN and infinities are refused: a TSDB would
 * store them, and every later figure computed on them would be silently wrong.
 */
export function parseFiniteNumber(cell: string, file: string, line: number, column: string): number {
  const value = cell === '' ? NaN : Number(cell);
  if (!Number.isFinite(value)) {
    throw new ReplayInputError(`${file} line ${line}, column "${column}": "${cell}" is not a finite number`);
  }
  return value;
}
