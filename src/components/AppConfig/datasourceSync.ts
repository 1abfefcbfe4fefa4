/**
 * The backend computes risk from the Sentinel datasource's own jsonData.featureQueries (Grafana
 * gives a backend plugin its datasource's settings, not the app's), so saving the config page
 * copies the feature mapping there too.
 */
import { RISK_DATASOURCE_TYPE } from './alertRules';
import { DatasourceSettings, getDatasource, putDatasource } from './grafanaApi';

function sameQueries(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}

function currentQueries(ds: DatasourceSettings): Record<string, string> {
  const value = ds.jsonData?.featureQueries;
  if (typeof value !== 'object' || value === null) {
    return {};
  }
  return Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/**
 * The datasource's settings with featureQueries replaced and everything else kept (no key when
 * there are no overrides); undefined when it already holds exactly these queries.
 */
export function withFeatureQueries(
  ds: DatasourceSettings,
  featureQueries: Record<string, string>
): DatasourceSettings | undefined {
  if (sameQueries(currentQueries(ds), featureQueries)) {
    return undefined;
  }
  const { featureQueries: _old, ...rest } = ds.jsonData ?? {};
  const jsonData = Object.keys(featureQueries).length > 0 ? { ...rest, featureQueries } : rest;
  return { ...ds, jsonData };
}

export type DatasourceSync = { status: 'unchanged' | 'updated'; name: string };

/** Writes featureQueries into the Sentinel datasource's jsonData (GET, merge, PUT); throws saying why not. */
export async function syncDatasourceFeatureQueries(
  uid: string,
  featureQueries: Record<string, string>
): Promise<DatasourceSync> {
  const ds = await getDatasource(uid);
  if (ds.type !== RISK_DATASOURCE_TYPE) {
    throw new Error(
      `datasource "${ds.name}" (${uid}) is a ${ds.type} datasource, not a Sentinel risk datasource; pick a Sentinel risk datasource`
    );
  }
  const updated = withFeatureQueries(ds, featureQueries);
  if (!updated) {
    return { status: 'unchanged', name: ds.name };
  }
  if (ds.readOnly) {
    throw new Error(
      `datasource "${ds.name}" is provisioned from a file, so Grafana does not let anyone change it here; put featureQueries into its jsonData in the provisioning file (writing $$selector and $$rate), or pick another Sentinel datasource`
    );
  }
  await putDatasource(uid, updated);
  return { status: 'updated', name: ds.name };
}
