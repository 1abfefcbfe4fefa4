import { fromJSON, IsolationForest, scoreRow, toJSON, trainIsolationForest } from '../iforest';
import { RowScorer } from '../risk/componentScores';
import { RowScorerKit } from '../training/rowScorerKit';
import { fitRobustBaseline, parseRobustBaseline, robustBaselineScorer } from './robustBaseline';

function isolationScorer(forest: IsolationForest): RowScorer {
  return { score: (row) => scoreRow(forest, row) };
}

/** The shipped row scorers: a 100-tree Isolation Forest (src/model/iforest) on 256-row samples and the robust baseline. */
export const rowScorerKit: RowScorerKit = {
  fitIsolation(rows, seed) {
    const forest = trainIsolationForest(rows, { trees: 100, sampleSize: 256, seed });
    return { scorer: isolationScorer(forest), params: toJSON(forest) };
  },
  fitBaseline(rows) {
    const params = fitRobustBaseline(rows);
    return { scorer: robustBaselineScorer(params), params };
  },
  isolationFromParams: (params, features) => isolationScorer(fromJSON(params, features)),
  baselineFromParams: (params, features) => robustBaselineScorer(parseRobustBaseline(params, features)),
};
