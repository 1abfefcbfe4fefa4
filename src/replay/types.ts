/** One series to write into a TSDB: a metric name, its labels, and samples in time order. */
export interface ReplaySeries {
  name: string;
  labels: Record<string, string>;
  timestampsMs: number[];
  values: number[];
}

/** A dataset read from disk, ready to be replayed into Prometheus and VictoriaMetrics. */
export interface ReplayDataset {
  /** What was read, for the summary the CLI prints. */
  source: string;
  series: ReplaySeries[];
  /** Rows left out, and why; the CLI prints these so nothing is dropped silently. */
  notes?: string[];
  /**
   * Series selectors whose data this replay replaces; by default each replayed host's earlier
   * copy (see selectors.ts).
   */
  replaces?: string[];
}

/** Bad replay input: says which file, row and column, and what to do about it. */
export class ReplayInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReplayInputError';
  }
}

/** A TSDB refused or could not take the data. */
export class ReplayTargetError extends Error {
  constructor(
    readonly target: string,
    message: string
  ) {
    super(`${target}: ${message}`);
    this.name = 'ReplayTargetError';
  }
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Rejects names Prometheus would refuse, before any data is written. */
export function assertValidSeries(series: ReplaySeries): void {
  if (!METRIC_NAME.test(series.name)) {
    throw new ReplayInputError(`"${series.name}" is not a valid Prometheus metric name`);
  }
  for (const name of Object.keys(series.labels)) {
    if (!LABEL_NAME.test(name) || name.startsWith('__')) {
      throw new ReplayInputError(`label "${name}" of ${series.name} is not a valid Prometheus label name`);
    }
  }
  if (series.timestampsMs.length !== series.values.length) {
    throw new ReplayInputError(`${series.name}: ${series.timestampsMs.length} timestamps but ${series.values.length} values`);
  }
  for (let i = 1; i < series.timestampsMs.length; i++) {
    if (series.timestampsMs[i] <= series.timestampsMs[i - 1]) {
      throw new ReplayInputError(
        `${series.name}${JSON.stringify(series.labels)}: timestamps must increase; row ${i} (${series.timestampsMs[i]} ms) is not after the row before it`
      );
    }
  }
}
