import { RowScorer } from '../risk/componentScores';
import { DailyCycleTest } from '../scorers/seasonalBaseline';

/**
 * How the Isolation Forest and the robust baseline are fitted and restored. Training fits them
 * on normalised rows of normal data; loading rebuilds them from the params saved in sentinel.json.
 */
export interface RowScorerKit {
  fitIsolation(rows: Float64Array[], seed: number): { scorer: RowScorer; params: unknown };
  /**
   * With `timesMs` (each row's grid time), the kit may fit a seasonal baseline when the rows show
   * a daily cycle; `cycle` then says what the test found. Without, the robust baseline.
   */
  fitBaseline(rows: Float64Array[], timesMs?: ArrayLike<number>): { scorer: RowScorer; params: unknown; cycle?: DailyCycleTest };
  isolationFromParams(params: unknown, features: number): RowScorer;
  baselineFromParams(params: unknown, features: number): RowScorer;
}
