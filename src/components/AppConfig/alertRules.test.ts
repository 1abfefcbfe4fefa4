import { ALERT_RULE_UID, failureRiskRule, failureRiskRuleGroup, riskQueryProblems } from './alertRules';

const params = { sentinelUid: 'risk-ds', hostSelector: 'env="prod"', threshold: 0.9 };

describe('failureRiskRule', () => {
  const rule = failureRiskRule(params);

  it('queries risk per host from the picked datasource for the picked hosts', () => {
    const a = rule.data.find((d) => d.refId === 'A')!;
    expect(a.datasourceUid).toBe('risk-ds');
    expect(a.model).toEqual({
      refId: 'A',
      datasource: { type: 'anomalysentinel-risk-datasource', uid: 'risk-ds' },
      queryType: 'risk',
      hostSelector: 'env="prod"',
      output: 'risk',
    });
    expect(riskQueryProblems(a.model)).toEqual([]);
  });

  it('fires when the newest risk is above the threshold, held for 5 minutes', () => {
    const c = rule.data.find((d) => d.refId === 'C')!;
    expect(c.model.conditions).toEqual([{ evaluator: { type: 'gt', params: [0.9] } }]);
    expect(rule.data.find((d) => d.refId === 'B')!.model).toMatchObject({
      type: 'reduce',
      expression: 'A',
      reducer: 'last',
    });
    expect(rule).toMatchObject({ condition: 'C', for: '5m', noDataState: 'OK', execErrState: 'Error' });
    expect(rule.annotations.description).toContain('above 0.9 for 5 minutes');
  });

  it('names the top contributing features through a topFeatures query joined by instance', () => {
    const d = rule.data.find((q) => q.refId === 'D')!;
    expect(d.model).toMatchObject({ queryType: 'risk', hostSelector: 'env="prod"', output: 'topFeatures' });
    expect(d.datasourceUid).toBe('risk-ds');
    expect(d.relativeTimeRange).toEqual(rule.data[0].relativeTimeRange);
    expect(riskQueryProblems(d.model)).toEqual([]);
    expect(rule.data.find((q) => q.refId === 'E')!.model).toMatchObject({ type: 'reduce', expression: 'D', reducer: 'last' });
    expect(rule.annotations.top_features).toBe('{{ with $values.E }}{{ .Labels.top_features }}{{ end }}');
  });

  it('carries routing labels and annotations naming the host', () => {
    expect(rule.labels).toEqual({ severity: 'critical', team: 'sre', source: 'anomaly-sentinel' });
    expect(rule.annotations.summary).toContain('{{ $labels.instance }}');
    expect(rule.annotations.description).toContain('{{ $labels.instance }}');
    expect(rule.annotations.runbook_url).toMatch(/^https:\/\//);
  });

  it('goes into a rule group evaluated every minute in the given folder', () => {
    const group = failureRiskRuleGroup(params, 'folder-1');
    expect(group).toMatchObject({ title: 'failure-risk', folderUid: 'folder-1', interval: 60 });
    expect(group.rules).toHaveLength(1);
    expect(group.rules[0]).toMatchObject({ uid: ALERT_RULE_UID, folderUID: 'folder-1', ruleGroup: 'failure-risk' });
  });
});

describe('riskQueryProblems', () => {
  const valid = {
    refId: 'A',
    datasource: { type: 'anomalysentinel-risk-datasource', uid: 'sentinel-risk' },
    queryType: 'risk',
    hostSelector: 'job="node"',
    output: 'risk',
  };

  it('accepts risk and components queries, and template variables in the selector', () => {
    expect(riskQueryProblems(valid)).toEqual([]);
    expect(riskQueryProblems({ ...valid, output: 'components', hostSelector: 'instance="$instance"' })).toEqual([]);
  });

  it.each([
    [{ ...valid, queryType: 'promql' }, /queryType is "promql"/],
    [{ ...valid, output: 'explain' }, /output "explain" is not one of risk, components, contributions, topFeatures, events/],
    [{ ...valid, hostSelector: 'up or vector(1)' }, /hostSelector: .*not a list of label matchers/],
    [{ ...valid, datasource: { type: 'prometheus', uid: 'p' } }, /datasource must be/],
    [{ ...valid, refId: '' }, /refId/],
    [null, /not an object/],
  ])('refuses %j', (query, problem) => {
    expect(riskQueryProblems(query).join('; ')).toMatch(problem);
  });
});
