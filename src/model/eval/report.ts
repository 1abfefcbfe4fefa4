/**
 * The table `evaluate` prints and writes: one per dataset, rows = detectors, columns = the protocol's
 * figures plus scoring wall time and rows/s. Figures arrive computed; this file only shapes and renders.
 */
import { EventMetrics } from './eventMetrics';
import { NabProfileName } from './nabScorer';
import { f1Score } from './smdScores';

export const EVALUATION_SCHEMA = 'anomaly-sentinel/evaluation@1';

export type NabScores = Record<NabProfileName, number>;

export interface EvaluationRow {
  detector: string;
  /** How the detector was fitted, e.g. "per machine", "per dataset", "none". */
  training: string;
  eventPrecision: number | null;
  eventRecall: number | null;
  eventF1: number | null;
  medianLeadMinutes: number | null;
  /** Share of detected events whose lead is >= H. */
  leadAtLeastHorizonShare: number | null;
  falsePositiveRate: number | null;
  /** Normalised NAB scores (NAB only). */
  nab: NabScores | null;
  /** SMD point-wise F1 at the product's fixed threshold, without and with point-adjust. */
  pointF1: number | null;
  pointAdjustedF1: number | null;
  /** Best F1 over all thresholds (chosen on the scored data; a separate, labelled figure). */
  bestF1: number | null;
  bestPointAdjustedF1: number | null;
  /**
   * NAB only: scores at the corpus-wide threshold that maximises each profile (NAB's scoreboard
   * procedure, chosen on the scored data; a separate, labelled figure).
   */
  bestNab: NabScores | null;
  wallTimeSeconds: number;
  rows: number;
  rowsPerSecond: number | null;
}

export interface EvaluationTable {
  dataset: string;
  horizonMinutes: number;
  rows: EvaluationRow[];
  /** Printed under the table: model granularity, column mapping, anything a reader must know. */
  notes: string[];
  /**
   * Failure scenarios only: the shipped rule's recall and median lead per failure kind, for the
   * Models page (the notes say the same in words).
   */
  byFailureKind?: FailureKindFigures[];
}

export interface FailureKindFigures {
  kind: string;
  events: number;
  detected: number;
  medianLeadMinutes: number | null;
}

export interface EvaluationColumn {
  key: EvaluationColumnKey;
  label: string;
  description: string;
}

export interface EvaluationTableJson extends EvaluationTable {
  schema: typeof EVALUATION_SCHEMA;
  columns: EvaluationColumn[];
}

export interface EvaluationRowInput {
  detector: string;
  training: string;
  events: Pick<
    EventMetrics,
    'eventPrecision' | 'eventRecall' | 'medianLeadTime' | 'leadAtLeastHorizonShare' | 'falsePositiveRate'
  >;
  /** Milliseconds per unit of the event metrics' times (1 when they are epoch ms). */
  timeUnitMs: number;
  nab?: NabScores;
  bestNab?: NabScores;
  smd?: {
    pointF1: number | null;
    pointAdjustedF1: number | null;
    bestF1?: number | null;
    bestPointAdjustedF1?: number | null;
  };
  timing: { wallTimeSeconds: number; rows: number };
}

/** One table row from computed figures: event F1 from event precision/recall, lead in minutes, rows/s. */
export function evaluationRow(input: EvaluationRowInput): EvaluationRow {
  const { events, timing } = input;
  return {
    detector: input.detector,
    training: input.training,
    eventPrecision: events.eventPrecision,
    eventRecall: events.eventRecall,
    eventF1: f1Score(events.eventPrecision, events.eventRecall),
    medianLeadMinutes: events.medianLeadTime === null ? null : (events.medianLeadTime * input.timeUnitMs) / 60_000,
    leadAtLeastHorizonShare: events.leadAtLeastHorizonShare,
    falsePositiveRate: events.falsePositiveRate,
    nab: input.nab ?? null,
    pointF1: input.smd?.pointF1 ?? null,
    pointAdjustedF1: input.smd?.pointAdjustedF1 ?? null,
    bestF1: input.smd?.bestF1 ?? null,
    bestPointAdjustedF1: input.smd?.bestPointAdjustedF1 ?? null,
    bestNab: input.bestNab ?? null,
    wallTimeSeconds: timing.wallTimeSeconds,
    rows: timing.rows,
    rowsPerSecond: timing.wallTimeSeconds > 0 ? timing.rows / timing.wallTimeSeconds : null,
  };
}

export type EvaluationColumnKey =
  | 'detector'
  | 'training'
  | 'eventPrecision'
  | 'eventRecall'
  | 'eventF1'
  | 'medianLeadMinutes'
  | 'leadAtLeastHorizonShare'
  | 'falsePositiveRate'
  | 'nabStandard'
  | 'nabLowFp'
  | 'nabLowFn'
  | 'pointF1'
  | 'pointAdjustedF1'
  | 'bestF1'
  | 'bestPointAdjustedF1'
  | 'bestNabStandard'
  | 'wallTimeSeconds'
  | 'rowsPerSecond';

interface ColumnSpec extends EvaluationColumn {
  value: (row: EvaluationRow) => string | number | null;
  format: (value: number) => string;
  /** Left-aligned text column. */
  text?: boolean;
}

const fixed = (digits: number) => (v: number) => v.toFixed(digits);

const COLUMNS: ColumnSpec[] = [
  { key: 'detector', label: 'detector', description: 'detector', value: (r) => r.detector, format: String, text: true },
  {
    key: 'training',
    label: 'trained',
    description: 'model granularity',
    value: (r) => r.training,
    format: String,
    text: true,
  },
  {
    key: 'eventPrecision',
    label: 'ev.P',
    description: 'event precision',
    value: (r) => r.eventPrecision,
    format: fixed(3),
  },
  { key: 'eventRecall', label: 'ev.R', description: 'event recall', value: (r) => r.eventRecall, format: fixed(3) },
  {
    key: 'eventF1',
    label: 'ev.F1',
    description: 'event F1 (from event precision and recall)',
    value: (r) => r.eventF1,
    format: fixed(3),
  },
  {
    key: 'medianLeadMinutes',
    label: 'lead med (min)',
    description: 'median lead time of detected events, minutes',
    value: (r) => r.medianLeadMinutes,
    format: fixed(1),
  },
  {
    key: 'leadAtLeastHorizonShare',
    label: 'lead>=H',
    description: 'share of detected events with lead >= H',
    value: (r) => r.leadAtLeastHorizonShare,
    format: fixed(3),
  },
  {
    key: 'falsePositiveRate',
    label: 'FPR',
    description: 'flagged steps outside every [s - H, e] / such steps',
    value: (r) => r.falsePositiveRate,
    format: fixed(4),
  },
  {
    key: 'nabStandard',
    label: 'NAB std',
    description: 'NAB score, standard profile',
    value: (r) => r.nab?.standard ?? null,
    format: fixed(1),
  },
  {
    key: 'nabLowFp',
    label: 'NAB lowFP',
    description: 'NAB score, reward_low_FP_rate',
    value: (r) => r.nab?.reward_low_FP_rate ?? null,
    format: fixed(1),
  },
  {
    key: 'nabLowFn',
    label: 'NAB lowFN',
    description: 'NAB score, reward_low_FN_rate',
    value: (r) => r.nab?.reward_low_FN_rate ?? null,
    format: fixed(1),
  },
  {
    key: 'pointF1',
    label: 'F1',
    description: 'point-wise F1 at the fixed threshold',
    value: (r) => r.pointF1,
    format: fixed(3),
  },
  {
    key: 'pointAdjustedF1',
    label: 'F1 PA',
    description: 'point-adjusted F1 at the fixed threshold',
    value: (r) => r.pointAdjustedF1,
    format: fixed(3),
  },
  {
    key: 'bestF1',
    label: 'best F1*',
    description: 'best point-wise F1 over thresholds (threshold chosen on scored data)',
    value: (r) => r.bestF1,
    format: fixed(3),
  },
  {
    key: 'bestPointAdjustedF1',
    label: 'best F1 PA*',
    description: 'best point-adjusted F1 over thresholds (threshold chosen on scored data)',
    value: (r) => r.bestPointAdjustedF1,
    format: fixed(3),
  },
  {
    key: 'bestNabStandard',
    label: 'best NAB std*',
    description:
      "NAB standard score at the corpus-wide threshold that maximises it (NAB's scoreboard procedure; threshold chosen on scored data)",
    value: (r) => r.bestNab?.standard ?? null,
    format: fixed(1),
  },
  {
    key: 'wallTimeSeconds',
    label: 'wall s',
    description: 'scoring wall time, seconds',
    value: (r) => r.wallTimeSeconds,
    format: fixed(2),
  },
  {
    key: 'rowsPerSecond',
    label: 'rows/s',
    description: 'rows scored per second',
    value: (r) => r.rowsPerSecond,
    format: (v) => Math.round(v).toString(),
  },
];

const NULL_CELL = '—';

/** Columns with at least one value (an SMD table has no NAB columns, and so on), in fixed order. */
function usedColumns(table: EvaluationTable): ColumnSpec[] {
  return COLUMNS.filter((c) => c.text || c.key === 'wallTimeSeconds' || table.rows.some((r) => c.value(r) !== null));
}

/** Fixed-width text table; "—" marks an undefined figure (e.g. precision of a detector that never alerts). */
export function renderEvaluationTable(table: EvaluationTable): string {
  const columns = usedColumns(table);
  const cells = table.rows.map((row) =>
    columns.map((c) => {
      const v = c.value(row);
      return v === null ? NULL_CELL : typeof v === 'number' ? c.format(v) : v;
    })
  );
  const widths = columns.map((c, j) => Math.max(c.label.length, ...cells.map((r) => r[j].length)));
  const line = (values: string[]) =>
    values
      .map((v, j) => (columns[j].text ? v.padEnd(widths[j]) : v.padStart(widths[j])))
      .join('  ')
      .trimEnd();
  const out = [
    `${table.dataset} (H = ${table.horizonMinutes} min)`,
    line(columns.map((c) => c.label)),
    line(widths.map((w) => '-'.repeat(w))),
    ...cells.map(line),
  ];
  if (columns.some((c) => c.key === 'bestF1' || c.key === 'bestPointAdjustedF1' || c.key === 'bestNabStandard')) {
    out.push('* best over thresholds on the scored data itself; not comparable to the fixed-threshold columns');
  }
  if (cells.some((r) => r.includes(NULL_CELL))) {
    out.push(`${NULL_CELL} undefined (e.g. precision with no alerts, recall with no events)`);
  }
  out.push(...table.notes);
  return out.join('\n') + '\n';
}

/** The table as JSON, with column definitions so the file explains itself. */
export function evaluationTableJson(table: EvaluationTable): EvaluationTableJson {
  return {
    schema: EVALUATION_SCHEMA,
    columns: COLUMNS.map(({ key, label, description }) => ({ key, label, description })),
    ...table,
  };
}

/**
 * Macro average over datasets: per detector (matched by name, in the first table's order), the mean of
 * each figure over the datasets where it is defined; null where it is defined in none. Wall time and rows
 * are summed, rows/s recomputed from the sums.
 */
export function macroAverageTable(tables: readonly EvaluationTable[], dataset = 'macro average'): EvaluationTable {
  if (tables.length === 0) {
    throw new Error('macroAverageTable needs at least one dataset table');
  }
  const names = tables[0].rows.map((r) => r.detector);
  const rows = names.map((detector) => {
    const parts = tables.flatMap((t) => t.rows.filter((r) => r.detector === detector));
    const mean = (pick: (r: EvaluationRow) => number | null | undefined) => {
      const vs = parts.map(pick).filter((v): v is number => typeof v === 'number');
      return vs.length === 0 ? null : vs.reduce((a, b) => a + b, 0) / vs.length;
    };
    const nabParts = parts.filter((p) => p.nab !== null);
    const bestNabParts = parts.filter((p) => p.bestNab !== null);
    const wallTimeSeconds = parts.reduce((a, p) => a + p.wallTimeSeconds, 0);
    const rowCount = parts.reduce((a, p) => a + p.rows, 0);
    const trainings = [...new Set(parts.map((p) => p.training))];
    const row: EvaluationRow = {
      detector,
      training: trainings.join(' / '),
      eventPrecision: mean((r) => r.eventPrecision),
      eventRecall: mean((r) => r.eventRecall),
      eventF1: mean((r) => r.eventF1),
      medianLeadMinutes: mean((r) => r.medianLeadMinutes),
      leadAtLeastHorizonShare: mean((r) => r.leadAtLeastHorizonShare),
      falsePositiveRate: mean((r) => r.falsePositiveRate),
      nab:
        nabParts.length === 0
          ? null
          : ({
              standard: mean((r) => r.nab?.standard),
              reward_low_FP_rate: mean((r) => r.nab?.reward_low_FP_rate),
              reward_low_FN_rate: mean((r) => r.nab?.reward_low_FN_rate),
            } as NabScores),
      pointF1: mean((r) => r.pointF1),
      pointAdjustedF1: mean((r) => r.pointAdjustedF1),
      bestF1: mean((r) => r.bestF1),
      bestPointAdjustedF1: mean((r) => r.bestPointAdjustedF1),
      bestNab:
        bestNabParts.length === 0
          ? null
          : ({
              standard: mean((r) => r.bestNab?.standard),
              reward_low_FP_rate: mean((r) => r.bestNab?.reward_low_FP_rate),
              reward_low_FN_rate: mean((r) => r.bestNab?.reward_low_FN_rate),
            } as NabScores),
      wallTimeSeconds,
      rows: rowCount,
      rowsPerSecond: wallTimeSeconds > 0 ? rowCount / wallTimeSeconds : null,
    };
    return row;
  });
  const horizons = [...new Set(tables.map((t) => t.horizonMinutes))];
  if (horizons.length > 1) {
    throw new Error(`macroAverageTable: the datasets were scored with different horizons (${horizons.join(', ')} min)`);
  }
  return {
    dataset,
    horizonMinutes: horizons[0],
    rows,
    notes: [`mean over ${tables.map((t) => t.dataset).join(', ')} (each figure over the datasets where it is defined)`],
  };
}
