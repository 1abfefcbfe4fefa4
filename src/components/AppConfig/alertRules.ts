/**
 * The failure-risk alert rule, once: the config page's "Install alert rules" button sends it to
 * Grafana's provisioning API, and provisioning/alerting/failure-risk.yaml holds the same rule for
 * file provisioning (tests/integration/provisioning.test.ts keeps the two equal). No Grafana
 * imports, so Node tests can use it.
 */
import { checkHostSelector } from './featureQueries';

export const RISK_DATASOURCE_TYPE = 'anomalysentinel-risk-datasource';
export const ALERT_RULE_UID = 'sentinel-failure-risk';
export const ALERT_RULE_GROUP = 'failure-risk';
/** Seconds between evaluations of the group. */
export const ALERT_RULE_INTERVAL_SECONDS = 60;
/** The folder the page installs into (found by uid, else by title, else created). */
export const SENTINEL_FOLDER = { uid: 'anomaly-sentinel', title: 'Anomaly Sentinel' };
/** The outputs of a risk query the backend answers (outputKinds in pkg/plugin/riskquery.go). */
export const RISK_OUTPUTS = ['risk', 'components', 'contributions', 'topFeatures', 'events'] as const;

export interface RiskQueryModel {
  refId: string;
  datasource: { type: string; uid: string };
  queryType: 'risk';
  hostSelector: string;
  output: (typeof RISK_OUTPUTS)[number];
}

/** The reasons a saved risk query (dashboard target, alert rule model) would be refused; [] if none. */
export function riskQueryProblems(query: unknown): string[] {
  if (typeof query !== 'object' || query === null) {
    return ['the query is not an object'];
  }
  const q = query as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof q.refId !== 'string' || q.refId === '') {
    problems.push('refId is missing');
  }
  const ds = q.datasource as { type?: unknown; uid?: unknown } | undefined;
  if (ds?.type !== RISK_DATASOURCE_TYPE || typeof ds?.uid !== 'string' || ds.uid === '') {
    problems.push(`datasource must be {type: "${RISK_DATASOURCE_TYPE}", uid: <uid>}`);
  }
  if (q.queryType !== 'risk') {
    problems.push(`queryType is ${JSON.stringify(q.queryType)}, not "risk"`);
  }
  if (typeof q.hostSelector !== 'string') {
    problems.push('hostSelector is missing');
  } else {
    try {
      checkHostSelector(q.hostSelector.replace(/\$[a-zA-Z_]\w*/g, 'x'));
    } catch (err) {
      problems.push(`hostSelector: ${(err as Error).message}`);
    }
  }
  if (!RISK_OUTPUTS.includes(q.output as RiskQueryModel['output'])) {
    problems.push(`output ${JSON.stringify(q.output)} is not one of ${RISK_OUTPUTS.join(', ')}`);
  }
  return problems;
}

export interface AlertRuleParams {
  sentinelUid: string;
  hostSelector: string;
  threshold: number;
}

export interface AlertQuery {
  refId: string;
  queryType?: string;
  relativeTimeRange?: { from: number; to: number };
  datasourceUid: string;
  model: Record<string, unknown>;
}

/** The rule's fields that the provisioning file and the API spell the same way. */
export interface FailureRiskRule {
  uid: string;
  title: string;
  condition: string;
  data: AlertQuery[];
  for: string;
  noDataState: 'OK';
  execErrState: 'Error';
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

/**
 * Risk for the selected hosts over the last 10 minutes (A), its newest value (B), above the
 * threshold (C), held for 5 minutes. One alert instance per host: the risk query returns one
 * series per instance. No data (no hosts) is OK, not an alert: a fleet with nothing to score
 * should not page; a failing query is an error, which does.
 *
 * D asks the backend for the top contributing features (one series per host labelled instance
 * and top_features) and E reduces it, so the top_features annotation can print
 * $values.E.Labels.top_features: Grafana joins E to the alert instance whose labels its own
 * contain (instance). A separate query, not a label on A: a label on the risk series would make
 * every change of ranking end one alert and start another. It costs a second risk computation
 * per evaluation.
 */
export function failureRiskRule({ sentinelUid, hostSelector, threshold }: AlertRuleParams): FailureRiskRule {
  const riskQuery = (refId: string, output: RiskQueryModel['output']): RiskQueryModel => ({
    refId,
    datasource: { type: RISK_DATASOURCE_TYPE, uid: sentinelUid },
    queryType: 'risk',
    hostSelector,
    output,
  });
  const lastTenMinutes = { from: 600, to: 0 };
  return {
    uid: ALERT_RULE_UID,
    title: 'Host failure predicted within 15 minutes',
    condition: 'C',
    data: [
      {
        refId: 'A',
        queryType: 'risk',
        relativeTimeRange: lastTenMinutes,
        datasourceUid: sentinelUid,
        model: { ...riskQuery('A', 'risk') },
      },
      {
        refId: 'B',
        datasourceUid: '__expr__',
        model: { refId: 'B', type: 'reduce', expression: 'A', reducer: 'last' },
      },
      {
        refId: 'C',
        datasourceUid: '__expr__',
        model: {
          refId: 'C',
          type: 'threshold',
          expression: 'B',
          conditions: [{ evaluator: { type: 'gt', params: [threshold] } }],
        },
      },
      {
        refId: 'D',
        queryType: 'risk',
        relativeTimeRange: lastTenMinutes,
        datasourceUid: sentinelUid,
        model: { ...riskQuery('D', 'topFeatures') },
      },
      {
        refId: 'E',
        datasourceUid: '__expr__',
        model: { refId: 'E', type: 'reduce', expression: 'D', reducer: 'last' },
      },
    ],
    for: '5m',
    noDataState: 'OK',
    execErrState: 'Error',
    labels: { severity: 'critical', team: 'sre', source: 'anomaly-sentinel' },
    annotations: {
      summary:
        'Failure predicted on {{ $labels.instance }}: risk {{ humanizePercentage $values.B.Value }} within 15 minutes',
      description: `Anomaly Sentinel's model (15 s steps, 15 min horizon) has kept the failure risk of {{ $labels.instance }} above ${threshold} for 5 minutes. Open the "Host risk" dashboard for {{ $labels.instance }} to see how the risk developed.`,
      runbook_url: 'https://runbooks.example.com/anomaly-sentinel/host-failure-predicted',
      top_features: '{{ with $values.E }}{{ .Labels.top_features }}{{ end }}',
    },
  };
}

/** The body of PUT /api/v1/provisioning/folder/<folderUid>/rule-groups/<group>. */
export function failureRiskRuleGroup(params: AlertRuleParams, folderUid: string, groupTitle = ALERT_RULE_GROUP) {
  const rule = failureRiskRule(params);
  return {
    title: groupTitle,
    folderUid,
    interval: ALERT_RULE_INTERVAL_SECONDS,
    rules: [{ ...rule, folderUID: folderUid, ruleGroup: groupTitle }],
  };
}
