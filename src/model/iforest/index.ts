export { IsolationForestFormatError, IsolationForestInputError, IsolationForestOptionsError } from './errors';
export { averagePathLength, EULER_GAMMA, trainIsolationForest } from './isolationForest';
export type { IsolationForest, IsolationForestOptions, IsolationTree } from './isolationForest';
export { meanPathLengthBatch, scoreBatch, scoreRow, scoreSamplesBatch } from './scoring';
export type { ScoringRows } from './scoring';
export { fromJSON, ISOLATION_FOREST_FORMAT_VERSION, toJSON } from './serialise';
export type { IsolationForestJSON, IsolationTreeJSON } from './serialise';
