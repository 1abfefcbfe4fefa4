/**
 * "Install dashboards" and "Install alert rules": the bundled dashboards (the same JSON files
 * provisioning/dashboards holds) and the failure-risk rule, pointed at the datasources picked on
 * the config page, written through Grafana's API.
 */
import fleetRisk from '../../dashboards/fleet-risk.json';
import hostRisk from '../../dashboards/host-risk.json';
import {
  ALERT_RULE_GROUP,
  ALERT_RULE_UID,
  AlertRuleParams,
  failureRiskRuleGroup,
  RISK_DATASOURCE_TYPE,
  SENTINEL_FOLDER,
} from './alertRules';
import { DEFAULT_HOST_SELECTOR } from './featureQueries';
import {
  createFolder,
  Folder,
  getAlertRule,
  getFolder,
  GrafanaApiError,
  listFolders,
  putRuleGroup,
  saveDashboard,
} from './grafanaApi';

export const BUNDLED_DASHBOARDS: ReadonlyArray<{ uid: string; title: string }> = [fleetRisk, hostRisk];

/** Where the installed dashboards read from. */
export interface DashboardTargets {
  prometheusUid: string;
  sentinelUid: string;
  hostSelector: string;
}

/** The datasource uids the bundled files use (the provisioned ones). */
const BUNDLED_UIDS: Record<string, string> = { prometheus: 'prometheus', [RISK_DATASOURCE_TYPE]: 'sentinel-risk' };

/**
 * A copy of a bundled dashboard pointed at other datasources and hosts: every datasource
 * reference by type, the risk panel's prometheusUid/backendUid, and the fleet's host selector
 * wherever the bundle uses the default (risk queries, panel options, the host variable's query).
 * Per-host selectors (instance="$instance") stay as they are.
 */
export function retargetDashboard<T>(dashboard: T, targets: DashboardTargets): T {
  const uidFor: Record<string, string> = {
    prometheus: targets.prometheusUid,
    [RISK_DATASOURCE_TYPE]: targets.sentinelUid,
  };
  const visit = (value: unknown, key?: string): unknown => {
    if (Array.isArray(value)) {
      return value.map((v) => visit(v));
    }
    if (typeof value === 'string') {
      if (key === 'hostSelector' && value === DEFAULT_HOST_SELECTOR) {
        return targets.hostSelector;
      }
      if ((key === 'query' || key === 'definition') && value.includes(`{${DEFAULT_HOST_SELECTOR}}`)) {
        return value.split(`{${DEFAULT_HOST_SELECTOR}}`).join(`{${targets.hostSelector}}`);
      }
      if (key === 'prometheusUid' && value === BUNDLED_UIDS.prometheus) {
        return targets.prometheusUid;
      }
      if (key === 'backendUid' && value === BUNDLED_UIDS[RISK_DATASOURCE_TYPE]) {
        return targets.sentinelUid;
      }
      return value;
    }
    if (typeof value === 'object' && value !== null) {
      const object = value as Record<string, unknown>;
      const copy: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(object)) {
        copy[k] = visit(v, k);
      }
      const type = object.type;
      if (key === 'datasource' && typeof type === 'string' && uidFor[type] && object.uid === BUNDLED_UIDS[type]) {
        copy.uid = uidFor[type];
      }
      return copy;
    }
    return value;
  };
  return visit(dashboard) as T;
}

/** The app's folder: by uid, else a root folder of the same title (file provisioning makes one), else a new one. */
export async function findOrCreateSentinelFolder(): Promise<{ folder: Folder; created: boolean }> {
  const byUid = await getFolder(SENTINEL_FOLDER.uid);
  if (byUid) {
    return { folder: byUid, created: false };
  }
  const byTitle = (await listFolders()).find((f) => f.title === SENTINEL_FOLDER.title);
  if (byTitle) {
    return { folder: byTitle, created: false };
  }
  return { folder: await createFolder(SENTINEL_FOLDER.uid, SENTINEL_FOLDER.title), created: true };
}

export interface InstalledDashboard {
  title: string;
  uid: string;
  ok: boolean;
  /** The dashboard's link when saved; the reason when not. */
  url?: string;
  error?: string;
}

export interface DashboardsInstall {
  folder: Folder;
  folderCreated: boolean;
  dashboards: InstalledDashboard[];
}

/** Saves every bundled dashboard (overwriting an earlier copy of the same uid) into the app's folder. */
export async function installDashboards(targets: DashboardTargets): Promise<DashboardsInstall> {
  const { folder, created } = await findOrCreateSentinelFolder();
  const dashboards: InstalledDashboard[] = [];
  for (const bundled of BUNDLED_DASHBOARDS) {
    try {
      const saved = await saveDashboard(
        retargetDashboard(bundled, targets),
        folder.uid,
        'Installed from the Anomaly Sentinel config page'
      );
      dashboards.push({ title: bundled.title, uid: saved.uid, ok: true, url: saved.url });
    } catch (err) {
      dashboards.push({ title: bundled.title, uid: bundled.uid, ok: false, error: (err as Error).message });
    }
  }
  return { folder, folderCreated: created, dashboards };
}

export type AlertRulesInstall =
  | {
      status: 'installed';
      folder: Folder;
      folderCreated: boolean;
      group: string;
      rules: Array<{ uid: string; title: string }>;
    }
  | { status: 'provisionedByFile'; ruleUid: string; title: string; folderUid: string; group: string };

/**
 * Creates or replaces the failure-risk rule group. A rule with the same uid that Grafana loaded
 * from a provisioning file cannot be changed through the API, so it is left alone and reported;
 * a rule installed earlier is replaced where it lives (its folder and group).
 */
export async function installAlertRules(params: AlertRuleParams): Promise<AlertRulesInstall> {
  const existing = await getAlertRule(ALERT_RULE_UID);
  if (existing?.provenance === 'file') {
    return {
      status: 'provisionedByFile',
      ruleUid: existing.uid,
      title: existing.title,
      folderUid: existing.folderUID,
      group: existing.ruleGroup,
    };
  }
  let folder: Folder;
  let created = false;
  if (existing) {
    folder = (await getFolder(existing.folderUID)) ?? { uid: existing.folderUID, title: existing.folderUID };
  } else {
    ({ folder, created } = await findOrCreateSentinelFolder());
  }
  const group = existing?.ruleGroup ?? ALERT_RULE_GROUP;
  const saved = await putRuleGroup(folder.uid, failureRiskRuleGroup(params, folder.uid, group));
  if (!saved.rules.some((r) => r.uid === ALERT_RULE_UID)) {
    throw new GrafanaApiError(
      'PUT rule group',
      undefined,
      `Grafana saved group "${group}" without rule ${ALERT_RULE_UID}`
    );
  }
  return {
    status: 'installed',
    folder,
    folderCreated: created,
    group: saved.title,
    rules: saved.rules.map((r) => ({ uid: r.uid, title: r.title })),
  };
}

/** Grafana's page of an alert rule. */
export function alertRuleUrl(uid: string): string {
  return `/alerting/grafana/${encodeURIComponent(uid)}/view`;
}
