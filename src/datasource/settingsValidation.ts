import { SentinelOptions } from './types';

/**
 * Problems with the datasource settings, one message per field, in the words the config editor
 * shows. The Go backend checks the same on every request; this catches them before saving.
 */
export function settingsProblems(url: string, options: SentinelOptions): string[] {
  const problems: string[] = [];
  if (!/^https?:\/\/[^\s/]+/.test(url)) {
    problems.push('URL must start with http:// or https:// and name a host, e.g. http://prometheus:9090 (Mimir: …/prometheus).');
  }
  const positive = (value: number | undefined, name: string, max: number) => {
    if (value !== undefined && !(Number.isFinite(value) && value > 0 && value <= max)) {
      problems.push(`${name} must be a positive number up to ${max}.`);
    }
  };
  positive(options.timeoutSeconds, 'Timeout', 600);
  positive(options.maxSeries, 'Max series', 1_000_000);
  positive(options.maxPoints, 'Max points per series', 1_000_000);
  if (options.authType === 'basic' && !options.basicAuthUser) {
    problems.push('Basic authentication needs a user.');
  }
  return problems;
}
