import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

const root = path.resolve(__dirname, '../..');
const read = (rel: string) => parse(fs.readFileSync(path.join(root, rel), 'utf8'));

/** The provisioned alert rule must point at the provisioned datasource and use the shipped model's threshold. */
describe('provisioned failure-risk alert rule', () => {
  const rule = read('provisioning/alerting/failure-risk.yaml').groups[0].rules[0];
  const datasources = read('provisioning/datasources/datasources.yaml').datasources as Array<{ uid: string; type: string }>;
  const model = JSON.parse(fs.readFileSync(path.join(root, 'models/default/sentinel.json'), 'utf8'));

  it('queries risk per host from the provisioned Sentinel datasource', () => {
    const query = rule.data.find((d: { refId: string }) => d.refId === 'A');
    const ds = datasources.find((d) => d.uid === query.datasourceUid);
    expect(ds?.type).toBe('anomalysentinel-risk-datasource');
    expect(query.model.queryType).toBe('risk');
  });

  it('fires above the shipped model’s alert threshold, held for 5 minutes', () => {
    const threshold = rule.data.find((d: { refId: string }) => d.refId === 'C').model.conditions[0].evaluator.params[0];
    expect(threshold).toBe(model.alerting.threshold);
    expect(rule.for).toBe('5m');
    expect(rule.condition).toBe('C');
  });
});
