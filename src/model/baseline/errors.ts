/** Rows, timestamps or masks the baseline cannot use; `row` / `column` point at the value at fault. */
export class BaselineInputError extends Error {
  constructor(
    message: string,
    readonly row?: number,
    readonly column?: number
  ) {
    super(message);
    this.name = 'BaselineInputError';
  }
}

/** Serialised baseline parameters that fail the schema check; `path` names the field. */
export class BaselineFormatError extends Error {
  constructor(
    readonly path: string,
    message: string
  ) {
    super(`robust baseline ${path}: ${message}`);
    this.name = 'BaselineFormatError';
  }
}

/** Fitting or detection options out of range (bucket count, floors, step). */
export class BaselineOptionsError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'BaselineOptionsError';
  }
}
