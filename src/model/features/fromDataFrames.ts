import type { DataFrame } from '@grafana/data';
import { FeatureSeries } from './alignSeries';
import { FeatureInputError } from './errors';

export interface FramesAsFeatures {
  series: FeatureSeries[];
  /** Model features no frame answered (the panel says which are missing). */
  missingFeatures: string[];
  /** refIds that are not model features (ignored, reported so a typo is visible). */
  ignoredRefIds: string[];
}

/**
 * Grafana DataFrames (one query per feature, refId = feature name, one numeric field per host
 * labelled `instance` — what Grafana's Prometheus datasource returns) as per-host feature series.
 * Null cells are absent samples (gaps); NaN/Inf pass through so alignHosts refuses them naming
 * the series. Several series for one host, or none labelled by host, is a mapping error the user
 * must fix in the query (aggregate by instance) — never guessed around.
 */
export function featuresFromFrames(frames: DataFrame[], features: string[]): FramesAsFeatures {
  const known = new Set(features);
  const series: FeatureSeries[] = [];
  const seen = new Set<string>();
  const ignored = new Set<string>();
  for (const frame of frames) {
    const feature = frame.refId ?? '';
    if (!known.has(feature)) {
      ignored.add(feature || '(no refId)');
      continue;
    }
    const time = frame.fields.find((f) => f.type === 'time');
    const numbers = frame.fields.filter((f) => f.type === 'number');
    if (!time) {
      if (numbers.length > 0) {
        throw new FeatureInputError(`feature "${feature}": a frame without a time field; use a range query, not an instant or table query`);
      }
      continue;
    }
    for (const field of numbers) {
      const instance = field.labels?.instance;
      if (instance === undefined) {
        throw new FeatureInputError(
          `feature "${feature}": series ${JSON.stringify(field.labels ?? {})} has no instance label; aggregate the query by instance`
        );
      }
      const key = `${feature}\u0000${instance}`;
      if (seen.has(key)) {
        throw new FeatureInputError(`feature "${feature}" returned several series for instance="${instance}"; aggregate the query by instance`);
      }
      seen.add(key);
      const timestampsMs: number[] = [];
      const values: number[] = [];
      for (let i = 0; i < field.values.length; i++) {
        const v = field.values[i];
        const t = time.values[i];
        if (v === null || v === undefined || t === null || t === undefined) {
          continue;
        }
        timestampsMs.push(Number(t));
        values.push(Number(v));
      }
      series.push({ feature, instance, timestampsMs, values });
    }
  }
  const answered = new Set(series.map((s) => s.feature));
  return { series, missingFeatures: features.filter((f) => !answered.has(f)), ignoredRefIds: [...ignored] };
}
