export {
  DEFAULT_ABSOLUTE_FLOOR,
  DEFAULT_BUCKETS,
  DEFAULT_GLOBAL_FRACTION,
  DEFAULT_MIN_POINTS,
  DEFAULT_RELATIVE_FLOOR,
  fitRobustBaseline,
} from './baseline';
export type {
  BaselineFloor,
  RobustBaselineFit,
  RobustBaselineOptions,
  RobustBaselineParams,
  SeasonalProfile,
} from './baseline';
export { BaselineFormatError, BaselineInputError, BaselineOptionsError } from './errors';
export { MAD_SCALE, medianAndMad } from './robustStats';
export { scoreBaselineBatch, scoreBaselineRow } from './scoring';
export type { BaselineScores, BaselineScoringInput } from './scoring';
export { DAY_MS, detectDailySeasonality, timeBucket } from './seasonality';
export type { SeasonalityOptions, SeasonalityResult, SeasonalityVerdict } from './seasonality';
export { baselineFromJSON, baselineToJSON } from './serialise';
