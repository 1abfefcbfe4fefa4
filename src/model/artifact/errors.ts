/** A model artifact that cannot be used: missing files, bad schema, mismatched shapes or hash. */
export class ArtifactError extends Error {
  constructor(
    readonly artifact: string,
    message: string
  ) {
    super(`model artifact ${artifact}: ${message}`);
    this.name = 'ArtifactError';
  }
}
