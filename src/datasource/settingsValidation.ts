import { DataSourceSettings } from '@grafana/data';
import { DEFAULT_MAX_SERIES, SentinelOptions, SentinelSecureOptions } from './types';

/** The backend stores these limits as Go ints and refuses anything larger (positiveNumber in settings.go). */
const MAX_INT32 = 2147483647;

/** $selector inside a vector selector's braces, where the backend needs it (selectorInVectorPattern in featurequeries.go). */
const SELECTOR_IN_VECTOR = /\{[^{}]*\$selector[^{}]*\}/;

type EditedSettings = Pick<
  DataSourceSettings<SentinelOptions, SentinelSecureOptions>,
  'url' | 'jsonData' | 'secureJsonFields' | 'secureJsonData'
>;

/**
 * Problems with the datasource settings, one message per field, in the words the config editor
 * shows. The Go backend (pkg/plugin/settings.go) refuses the same settings on every request; this
 * says so before saving instead of at the first query.
 */
export function settingsProblems({
  url,
  jsonData: savedJsonData,
  secureJsonFields,
  secureJsonData,
}: EditedSettings): string[] {
  // jsonData comes from the saved datasource and may be missing on one created through the API.
  const jsonData: Partial<SentinelOptions> = savedJsonData ?? {};
  const problems: string[] = [];
  if (!/^https?:\/\/[^\s/]+/.test(url ?? '')) {
    problems.push(
      'URL must start with http:// or https:// and name a host, e.g. http://prometheus:9090 (Mimir: …/prometheus).'
    );
  }
  /** Whether the value is usable; absent is (the backend's default applies). */
  const checkPositive = (value: unknown, name: string, wholeNumber: boolean): boolean => {
    if (value === undefined || value === null) {
      return true;
    }
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      problems.push(`${name} must be a positive number; leave it empty for the default.`);
    } else if (value > MAX_INT32) {
      problems.push(`${name} must be at most ${MAX_INT32}.`);
    } else if (wholeNumber && !Number.isInteger(value)) {
      problems.push(`${name} must be a whole number.`);
    } else {
      return true;
    }
    return false;
  };
  checkPositive(jsonData.timeoutSeconds, 'Timeout', false);
  const maxSeriesValid = checkPositive(jsonData.maxSeries, 'Max series', true);
  checkPositive(jsonData.maxPoints, 'Max points per series', true);
  checkPositive(jsonData.maxHosts, 'Max hosts', true);
  const shardSizeValid = checkPositive(jsonData.shardSize, 'Hosts per shard', true);
  checkPositive(jsonData.fetchConcurrency, 'Concurrent upstream requests', true);
  checkPositive(jsonData.queryBudgetSeconds, 'Query time budget', false);

  // As in the backend, an invalid max series is compared as its default.
  const maxSeries = maxSeriesValid && jsonData.maxSeries ? jsonData.maxSeries : DEFAULT_MAX_SERIES;
  if (shardSizeValid && jsonData.shardSize && jsonData.shardSize > maxSeries) {
    problems.push(
      `Hosts per shard (${jsonData.shardSize}) must be at most Max series (${maxSeries}): a shard's answer holds one series per host.`
    );
  }
  problems.push(...featureQueryProblems(jsonData.featureQueries));

  if (jsonData.modelDir && !jsonData.modelDir.startsWith('/')) {
    problems.push(
      'Model directory must be an absolute path on the Grafana server, e.g. /var/lib/grafana/sentinel-models.'
    );
  }
  if (jsonData.authType === 'basic' && !jsonData.basicAuthUser) {
    problems.push('Basic authentication needs a user.');
  }
  if (jsonData.authType === 'bearer' && !secureJsonFields?.bearerToken && !secureJsonData?.bearerToken) {
    problems.push('Bearer authentication needs a token.');
  }
  return problems;
}

/**
 * The checks on the app config page's feature queries that need no model: the backend also
 * checks each name against the model's features when it loads the settings.
 */
function featureQueryProblems(featureQueries: Record<string, string> | undefined): string[] {
  return Object.keys(featureQueries ?? {})
    .sort()
    .flatMap((name) => {
      const template = String(featureQueries?.[name] ?? '').trim();
      if (template === '') {
        return [
          `Feature query for ${name} is empty; remove it on the app's configuration page to use the model's query.`,
        ];
      }
      if (!SELECTOR_IN_VECTOR.test(template)) {
        return [
          `Feature query for ${name} must put $selector inside a metric's label matchers, e.g. node_load1{$selector}, so it reads only the selected hosts; fix it on the app's configuration page.`,
        ];
      }
      return [];
    });
}
