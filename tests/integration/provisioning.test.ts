/**
 * provisioning/ is what docker compose (and anyone copying it) gives Grafana at startup. Grafana
 * refuses to start on a broken provisioning file and shows an empty panel for a wrong uid, so
 * these checks catch what would otherwise surface only in a running Grafana.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { DEFAULT_PANEL_OPTIONS } from '../../src/panel/types';
import { DEFAULT_FEATURES, renderFeatureQuery } from '../../src/model/features/featureSpec';
import { failureRiskRule, riskQueryProblems, RISK_DATASOURCE_TYPE } from '../../src/components/AppConfig/alertRules';
import { DEFAULT_THRESHOLD } from '../../src/constants';

const root = path.resolve(__dirname, '../..');
const text = (rel: string) => fs.readFileSync(path.join(root, rel), 'utf8');
const read = (rel: string) => parse(text(rel));

function filesUnder(rel: string, pattern: RegExp): string[] {
  return fs
    .readdirSync(path.join(root, rel), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && pattern.test(e.name))
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)))
    .sort();
}

type Datasource = { uid: string; type: string; name: string };
const datasources = read('provisioning/datasources/datasources.yaml').datasources as Datasource[];
const compose = read('docker-compose.yaml');
const composeEnv = Object.keys(compose.services.grafana.environment ?? {});

/**
 * Environment variables Grafana would expand in a provisioned value: $NAME and ${NAME}, not $$
 * (Grafana's escape for a literal $).
 */
function envRefs(value: unknown, refs: string[] = []): string[] {
  if (typeof value === 'string') {
    for (const part of value.split('$$')) {
      for (const m of part.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)) {
        refs.push(m[1]);
      }
    }
  } else if (Array.isArray(value)) {
    value.forEach((v) => envRefs(v, refs));
  } else if (typeof value === 'object' && value !== null) {
    Object.values(value).forEach((v) => envRefs(v, refs));
  }
  return refs;
}

describe('provisioning files', () => {
  const yamlFiles = filesUnder('provisioning', /\.ya?ml$/);

  it('include datasources, the app, dashboards, alerting and the examples', () => {
    expect(yamlFiles).toEqual(
      expect.arrayContaining([
        'provisioning/alerting/failure-risk.yaml',
        'provisioning/dashboards/dashboards.yaml',
        'provisioning/datasources/datasources.yaml',
        'provisioning/examples/alerting/contact-points.yaml',
        'provisioning/examples/alerting/notification-policies.yaml',
        'provisioning/plugins/apps.yaml',
      ])
    );
  });

  it.each(yamlFiles)('%s parses as YAML', (file) => {
    expect(() => parse(text(file), { strict: true, uniqueKeys: true })).not.toThrow();
    expect(parse(text(file))).toBeTruthy();
  });

  it('are where docker compose mounts them into Grafana', () => {
    const base = parse(text('.config/docker-compose-base.yaml'));
    expect(base.services.grafana.volumes).toContain('../provisioning:/etc/grafana/provisioning');
  });

  it('give Grafana no value that depends on an environment variable it would expand to nothing', () => {
    // Grafana expands $NAME in datasource and app settings and in alert rule labels (not in
    // annotations or query models). An unset name becomes '' silently, e.g. a featureQueries
    // template written with $selector instead of $$selector.
    const rules = read('provisioning/alerting/failure-risk.yaml').groups.flatMap((g: { rules: unknown[] }) => g.rules);
    expect(envRefs(datasources)).toEqual([]);
    expect(envRefs(read('provisioning/plugins/apps.yaml'))).toEqual([]);
    expect(envRefs(rules.map((r: { labels: unknown }) => r.labels))).toEqual([]);
  });

  it('load no contact points at startup: with their secrets unset Grafana would refuse to start', () => {
    for (const file of filesUnder('provisioning/alerting', /\.(ya?ml|json)$/)) {
      expect({ file, contactPoints: read(file).contactPoints ?? [] }).toEqual({ file, contactPoints: [] });
      expect({ file, policies: read(file).policies ?? [] }).toEqual({ file, policies: [] });
    }
  });
});

describe('the app settings', () => {
  const app = read('provisioning/plugins/apps.yaml').apps[0];

  it('point at provisioned datasources of the right types', () => {
    const type = (uid: string) => datasources.find((d) => d.uid === uid)?.type;
    expect(type(app.jsonData.prometheusDatasourceUid)).toBe('prometheus');
    expect(type(app.jsonData.sentinelDatasourceUid)).toBe(RISK_DATASOURCE_TYPE);
  });

  it('use the alert rule’s threshold, which is also the config page’s default', () => {
    const rule = read('provisioning/alerting/failure-risk.yaml').groups[0].rules[0];
    const threshold = rule.data.find((d: { refId: string }) => d.refId === 'C').model.conditions[0].evaluator.params[0];
    expect(app.jsonData.threshold).toBe(threshold);
    expect(DEFAULT_THRESHOLD).toBe(threshold);
  });
});

describe('provisioned dashboards', () => {
  const provider = read('provisioning/dashboards/dashboards.yaml').providers[0];
  const bundled = filesUnder('src/dashboards', /\.json$/).map((f) => path.basename(f));
  const provisioned = filesUnder('provisioning/dashboards', /\.json$/).map((f) => path.basename(f));
  const dashboards = provisioned.map((f) => ({ file: f, json: read(`provisioning/dashboards/${f}`) }));

  it('are loaded from the folder they live in', () => {
    expect(provider.type).toBe('file');
    expect(provider.options.path).toBe('/etc/grafana/provisioning/dashboards');
  });

  it('are the same files the config page installs (src/dashboards)', () => {
    expect(provisioned).toEqual(['fleet-risk.json', 'host-risk.json']);
    expect(provisioned).toEqual(bundled);
    for (const f of bundled) {
      expect({ f, json: text(`provisioning/dashboards/${f}`) }).toEqual({ f, json: text(`src/dashboards/${f}`) });
    }
  });

  it('have distinct uids and panel ids', () => {
    expect(new Set(dashboards.map((d) => d.json.uid)).size).toBe(dashboards.length);
    for (const { json } of dashboards) {
      const ids = json.panels.map((p: { id: number }) => p.id);
      expect(new Set(ids).size).toBe(ids.length);
    }
  });

  it('give the risk panel exactly the options it has, of the same types, reading the provisioned datasources', () => {
    const riskPanels = dashboards.flatMap(({ json }) =>
      json.panels.filter((p: { type: string }) => p.type === 'anomalysentinel-risk-panel')
    );
    expect(riskPanels.length).toBeGreaterThanOrEqual(2);
    for (const panel of riskPanels) {
      const options = panel.options as Record<string, unknown>;
      expect(Object.keys(options).sort()).toEqual(Object.keys(DEFAULT_PANEL_OPTIONS).sort());
      for (const [key, value] of Object.entries(DEFAULT_PANEL_OPTIONS)) {
        expect({ key, type: typeof options[key] }).toEqual({ key, type: typeof value });
      }
      expect(options.source).toBe('modelQueries');
      expect(datasources.find((d) => d.uid === options.prometheusUid)?.type).toBe('prometheus');
      expect(datasources.find((d) => d.uid === options.backendUid)?.type).toBe(RISK_DATASOURCE_TYPE);
      // The panel's selector must be one the backend's risk query would accept too.
      const asRiskQuery = {
        refId: 'A',
        datasource: { type: RISK_DATASOURCE_TYPE, uid: options.backendUid },
        queryType: 'risk',
        output: 'risk',
      };
      expect(riskQueryProblems({ ...asRiskQuery, hostSelector: options.hostSelector })).toEqual([]);
    }
    const fleetPanel = dashboards.find((d) => d.file === 'fleet-risk.json')!.json.panels[0];
    expect(fleetPanel.options.hostSelector).toBe('job="node"');
  });

  it('reference only provisioned datasources, by uid and type', () => {
    const refs: Array<{ type: string; uid: string }> = [];
    const collect = (value: unknown, key?: string) => {
      if (Array.isArray(value)) {
        value.forEach((v) => collect(v));
      } else if (typeof value === 'object' && value !== null) {
        if (key === 'datasource') {
          refs.push(value as { type: string; uid: string });
        }
        Object.entries(value).forEach(([k, v]) => collect(v, k));
      }
    };
    dashboards.forEach(({ json }) => collect(json));
    const external = refs.filter((r) => r.type !== 'grafana');
    expect(external.length).toBeGreaterThan(10);
    for (const ref of external) {
      expect({ ref, provisioned: datasources.find((d) => d.uid === ref.uid)?.type }).toEqual({
        ref,
        provisioned: ref.type,
      });
    }
  });

  it('query the Sentinel datasource with valid risk queries', () => {
    const targets = dashboards
      .flatMap(({ json }) =>
        json.panels.flatMap((p: { targets?: Array<{ datasource?: { type: string } }> }) => p.targets ?? [])
      )
      .filter((t: { datasource?: { type: string } }) => t.datasource?.type === RISK_DATASOURCE_TYPE);
    expect(targets.length).toBeGreaterThanOrEqual(3);
    for (const target of targets) {
      expect({ target, problems: riskQueryProblems(target) }).toEqual({ target, problems: [] });
    }
    const fleetTargets = dashboards
      .find((d) => d.file === 'fleet-risk.json')!
      .json.panels.flatMap((p: { targets: unknown[] }) => p.targets);
    expect(fleetTargets).toContainEqual({
      refId: 'A',
      datasource: { type: RISK_DATASOURCE_TYPE, uid: 'sentinel-risk' },
      queryType: 'risk',
      hostSelector: 'job="node"',
      output: 'risk',
    });
  });

  it('show the host dashboard’s features with the model’s own PromQL for the chosen instance', () => {
    const host = dashboards.find((d) => d.file === 'host-risk.json')!.json;
    expect(host.templating.list.map((v: { name: string }) => v.name)).toEqual(['instance']);
    const exprs = Object.fromEntries(
      host.panels
        .filter(
          (p: { type: string; datasource: { type: string } }) =>
            p.datasource.type === 'prometheus' && p.type === 'timeseries'
        )
        .map((p: { title: string; targets: Array<{ expr: string }> }) => [p.title, p.targets[0].expr])
    );
    expect(exprs).toEqual(
      Object.fromEntries(DEFAULT_FEATURES.map((f) => [f.name, renderFeatureQuery(f, 'instance="$instance"')]))
    );
  });
});

/** The provisioned alert rule must point at the provisioned datasource and use the shipped model's threshold. */
describe('provisioned failure-risk alert rule', () => {
  const group = read('provisioning/alerting/failure-risk.yaml').groups[0];
  const rule = group.rules[0];
  const model = JSON.parse(text('models/default/sentinel.json'));
  const queryA = rule.data.find((d: { refId: string }) => d.refId === 'A');

  it('queries risk per host from the provisioned Sentinel datasource', () => {
    const ds = datasources.find((d) => d.uid === queryA.datasourceUid);
    expect(ds?.type).toBe(RISK_DATASOURCE_TYPE);
    expect(queryA.queryType).toBe('risk');
    expect(queryA.model.datasource).toEqual({ type: RISK_DATASOURCE_TYPE, uid: queryA.datasourceUid });
    expect(riskQueryProblems(queryA.model)).toEqual([]);
  });

  it('fires above the shipped model’s alert threshold, held for 5 minutes', () => {
    const threshold = rule.data.find((d: { refId: string }) => d.refId === 'C').model.conditions[0].evaluator.params[0];
    expect(threshold).toBe(model.alerting.threshold);
    expect(rule.for).toBe('5m');
    expect(rule.condition).toBe('C');
  });

  it('carries routing labels and annotations naming the host and a runbook', () => {
    expect(rule.labels).toMatchObject({ severity: 'critical', team: expect.any(String) });
    expect(rule.annotations.summary).toContain('{{ $labels.instance }}');
    expect(rule.annotations.description).toContain('{{ $labels.instance }}');
    expect(rule.annotations.runbook_url).toMatch(/^https:\/\//);
  });

  it('is the rule the config page installs, for the provisioned datasource and hosts', () => {
    const installed = failureRiskRule({
      sentinelUid: queryA.datasourceUid,
      hostSelector: queryA.model.hostSelector,
      threshold: model.alerting.threshold,
    });
    const { uid, title, condition, data, for: holdFor, noDataState, execErrState, labels, annotations } = rule;
    expect({ uid, title, condition, data, for: holdFor, noDataState, execErrState, labels, annotations }).toEqual(
      installed
    );
    expect(group).toMatchObject({ name: 'failure-risk', folder: 'Anomaly Sentinel', interval: '1m' });
  });
});

describe('example contact points and notification policies', () => {
  const contactPoints = read('provisioning/examples/alerting/contact-points.yaml').contactPoints as Array<{
    name: string;
    receivers: Array<{ uid: string; type: string; settings: Record<string, unknown> }>;
  }>;
  const policies = read('provisioning/examples/alerting/notification-policies.yaml').policies;

  it('use Grafana’s own Slack, PagerDuty and webhook integrations', () => {
    expect(contactPoints.flatMap((c) => c.receivers.map((r) => r.type)).sort()).toEqual([
      'pagerduty',
      'slack',
      'webhook',
    ]);
  });

  it('read every secret from an environment variable that docker-compose.yaml passes to Grafana', () => {
    const secrets: Record<string, string> = { slack: 'url', pagerduty: 'integrationKey', webhook: 'url' };
    for (const receiver of contactPoints.flatMap((c) => c.receivers)) {
      expect({ type: receiver.type, secret: envRefs(receiver.settings[secrets[receiver.type]]) }).toEqual({
        type: receiver.type,
        secret: [expect.stringMatching(/^SENTINEL_/)],
      });
    }
    const referenced = envRefs(contactPoints);
    expect(referenced.length).toBeGreaterThanOrEqual(4);
    for (const name of referenced) {
      expect({ name, declared: composeEnv.includes(name) }).toEqual({ name, declared: true });
    }
  });

  it('have templates without "$", which Grafana would expand as an environment variable', () => {
    for (const receiver of contactPoints.flatMap((c) => c.receivers)) {
      for (const [key, value] of Object.entries(receiver.settings)) {
        if (typeof value === 'string' && value.includes('{{')) {
          expect({ key, value, dollar: value.includes('$') }).toEqual({ key, value, dollar: false });
        }
      }
    }
  });

  it('route the rule’s alerts only to contact points that exist', () => {
    const names = new Set(['grafana-default-email', ...contactPoints.map((c) => c.name)]);
    const receivers: string[] = [];
    const walk = (route: { receiver?: string; routes?: unknown[] }) => {
      if (route.receiver) {
        receivers.push(route.receiver);
      }
      (route.routes ?? []).forEach((r) => walk(r as typeof route));
    };
    policies.forEach(walk);
    expect(receivers.length).toBe(4);
    for (const receiver of receivers) {
      expect({ receiver, exists: names.has(receiver) }).toEqual({ receiver, exists: true });
    }
    const rule = read('provisioning/alerting/failure-risk.yaml').groups[0].rules[0];
    const matchers = policies[0].routes.flatMap((r: { object_matchers: string[][] }) => r.object_matchers);
    for (const [label, op, value] of matchers) {
      expect(op).toBe('=');
      expect({ label, value: rule.labels[label] }).toEqual({ label, value });
    }
  });
});
