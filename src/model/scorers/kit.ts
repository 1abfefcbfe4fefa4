import { fromJSON, IsolationForest, scoreBatch, scoreRow, toJSON, trainIsolationForest } from '../iforest';
import { RowScorer } from '../risk/componentScores';
import { RowScorerKit } from '../training/rowScorerKit';
import { fitRobustBaseline, parseRobustBaseline, robustBaselineScorer } from './robustBaseline';
import { detectDailyCycle, fitSeasonalBaseline, parseSeasonalBaseline, seasonalBaselineScorer } from './seasonalBaseline';

/** The baseline sentinel.json describes: "seasonal", or robust (kind absent, "robust" or "robust-baseline"). */
export function baselineScorerFromParams(params: unknown, features: number): RowScorer {
  const kind = params !== null && typeof params === 'object' ? (params as { kind?: unknown }).kind : undefined;
  if (kind === 'seasonal') {
    return seasonalBaselineScorer(parseSeasonalBaseline(params, features));
  }
  if (kind === undefined || kind === 'robust' || kind === 'robust-baseline') {
    return robustBaselineScorer(parseRobustBaseline(params, features));
  }
  throw new Error(`baseline.kind ${JSON.stringify(kind)} is unknown (robust, robust-baseline or seasonal)`);
}

function isolationScorer(forest: IsolationForest): RowScorer {
  return {
    score: (row) => scoreRow(forest, row),
    // Tree by tree over a block of rows: about 1.7× the row-by-row speed, the same sums per row.
    scoreRows: (rows, F) => {
      if (F !== forest.features) {
        throw new Error(`Isolation Forest: rows of ${F} features; the forest was trained on ${forest.features}`);
      }
      return scoreBatch(forest, rows);
    },
  };
}

/**
 * The shipped row scorers: a 100-tree Isolation Forest (src/model/iforest) on 256-row samples and
 * the baseline: seasonal (hourly UTC buckets) when the rows come with times and pass
 * detectDailyCycle, else robust.
 */
export const rowScorerKit: RowScorerKit = {
  fitIsolation(rows, seed) {
    const forest = trainIsolationForest(rows, { trees: 100, sampleSize: 256, seed });
    return { scorer: isolationScorer(forest), params: toJSON(forest) };
  },
  fitBaseline(rows, timesMs) {
    if (timesMs) {
      const cycle = detectDailyCycle(rows, timesMs);
      if (cycle.seasonal) {
        const params = fitSeasonalBaseline(rows, timesMs, cycle.buckets);
        return { scorer: seasonalBaselineScorer(params), params, cycle };
      }
      const params = fitRobustBaseline(rows);
      return { scorer: robustBaselineScorer(params), params, cycle };
    }
    const params = fitRobustBaseline(rows);
    return { scorer: robustBaselineScorer(params), params };
  },
  isolationFromParams: (params, features) => isolationScorer(fromJSON(params, features)),
  baselineFromParams: baselineScorerFromParams,
};
