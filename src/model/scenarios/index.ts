export * from './types';
export { generateScenarioFleet, resolveScenarioOptions } from './generateScenarioFleet';
export {
  writeScenarioDataset,
  writeScenarioFleet,
  SCENARIO_METRIC_PREFIX,
  SCENARIO_LABEL_METRIC,
} from './writeScenarioDataset';
export { scenarioLabels } from './scenarioLabels';
export {
  conditionHolds,
  conditionsAt,
  FAILURE_THRESHOLDS,
  FAILURE_CONDITION_TEXT,
  DEFAULT_LINK_CAP_BYTES_PER_SECOND,
} from './failureConditions';
export { SMD_FEATURE_MAP } from './normalTraces';
export { BENIGN_CAPS } from './benignModels';
