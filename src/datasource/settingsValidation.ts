import { DataSourceSettings } from '@grafana/data';
import { SentinelOptions, SentinelSecureOptions } from './types';

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
  const checkPositive = (value: unknown, name: string, wholeNumber: boolean) => {
    if (value === undefined || value === null) {
      return;
    }
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      problems.push(`${name} must be a positive number; leave it empty for the default.`);
    } else if (wholeNumber && !Number.isInteger(value)) {
      problems.push(`${name} must be a whole number.`);
    }
  };
  checkPositive(jsonData.timeoutSeconds, 'Timeout', false);
  checkPositive(jsonData.maxSeries, 'Max series', true);
  checkPositive(jsonData.maxPoints, 'Max points per series', true);

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
