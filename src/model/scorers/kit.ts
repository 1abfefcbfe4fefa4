import { mulberry32 } from '../seededRandom';
import { RowScorerKit } from '../training/rowScorerKit';
import { fitIsolationForest, isolationScorer, parseIsolationForest } from './isolationForest';
import { fitRobustBaseline, parseRobustBaseline, robustBaselineScorer } from './robustBaseline';

/** The shipped row scorers: a 100-tree Isolation Forest on 256-row samples and the robust baseline. */
export const rowScorerKit: RowScorerKit = {
  fitIsolation(rows, seed) {
    const params = fitIsolationForest(rows, { trees: 100, sampleSize: 256 }, mulberry32(seed));
    return { scorer: isolationScorer(params), params };
  },
  fitBaseline(rows) {
    const params = fitRobustBaseline(rows);
    return { scorer: robustBaselineScorer(params), params };
  },
  isolationFromParams: (params, features) => isolationScorer(parseIsolationForest(params, features)),
  baselineFromParams: (params, features) => robustBaselineScorer(parseRobustBaseline(params, features)),
};
