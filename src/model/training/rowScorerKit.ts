import { RowScorer } from '../risk/componentScores';

/**
 * How the Isolation Forest and the robust baseline are fitted and restored. Training fits them
 * on normalised rows of normal data; loading rebuilds them from the params saved in sentinel.json.
 */
export interface RowScorerKit {
  fitIsolation(rows: Float64Array[], seed: number): { scorer: RowScorer; params: unknown };
  fitBaseline(rows: Float64Array[]): { scorer: RowScorer; params: unknown };
  isolationFromParams(params: unknown, features: number): RowScorer;
  baselineFromParams(params: unknown, features: number): RowScorer;
}
