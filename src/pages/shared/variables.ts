import { DataSourceVariable } from '@grafana/scenes';
import { DEFAULT_PROMETHEUS_DATASOURCE_UID, DEFAULT_RISK_DATASOURCE_UID, RISK_DATASOURCE_TYPE } from '../../constants';

export const SENTINEL_VAR = 'sentinel';
export const PROMETHEUS_VAR = 'prometheus';

/** `${sentinel}`: the Sentinel risk datasource; the provisioned one first, else the first one found. */
export function sentinelDatasourceVariable(): DataSourceVariable {
  return new DataSourceVariable({
    name: SENTINEL_VAR,
    label: 'Sentinel datasource',
    pluginId: RISK_DATASOURCE_TYPE,
    value: DEFAULT_RISK_DATASOURCE_UID,
  });
}

/** `${prometheus}`: where raw metrics and label values come from (the app's configured one by default). */
export function prometheusDatasourceVariable(preferredUid?: string): DataSourceVariable {
  return new DataSourceVariable({
    name: PROMETHEUS_VAR,
    label: 'Prometheus',
    pluginId: 'prometheus',
    value: preferredUid || DEFAULT_PROMETHEUS_DATASOURCE_UID,
  });
}

export const sentinelRef = { type: RISK_DATASOURCE_TYPE, uid: `\${${SENTINEL_VAR}}` };
export const prometheusRef = { type: 'prometheus', uid: `\${${PROMETHEUS_VAR}}` };
