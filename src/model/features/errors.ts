/** Input the pipeline cannot turn into features honestly; the message names the series and what to do. */
export class FeatureInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FeatureInputError';
  }
}
