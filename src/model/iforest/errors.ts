/** A training or scoring row the forest cannot use: non-finite value, wrong width, too few rows. */
export class IsolationForestInputError extends Error {
  constructor(
    message: string,
    /** Row index in the caller's input, when one row is at fault. */
    readonly row?: number,
    /** Column (feature index) within that row, when one value is at fault. */
    readonly column?: number
  ) {
    super(message);
    this.name = 'IsolationForestInputError';
  }
}

/** Serialised forest that fails the schema check; `path` points at the offending field. */
export class IsolationForestFormatError extends Error {
  constructor(
    readonly path: string,
    message: string
  ) {
    super(`isolation forest ${path}: ${message}`);
    this.name = 'IsolationForestFormatError';
  }
}

/** Training options that cannot be honoured (non-integer tree count, sample size below 2, bad seed). */
export class IsolationForestOptionsError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'IsolationForestOptionsError';
  }
}
