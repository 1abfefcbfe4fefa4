import { DEFAULT_THRESHOLD } from '../../constants';
import { pageSettingsFrom, riskThresholds } from './pageSettings';

describe('pageSettingsFrom', () => {
  test('takes the threshold and Prometheus uid the config page saved', () => {
    expect(pageSettingsFrom({ threshold: 0.9, prometheusDatasourceUid: 'prom-a', horizonMinutes: 15 })).toEqual({
      threshold: 0.9,
      prometheusUid: 'prom-a',
    });
  });

  test.each([undefined, null, {}, { threshold: 1.5 }, { threshold: '0.9' }, { threshold: 0 }])(
    'falls back to the default threshold for %p',
    (jsonData) => {
      expect(pageSettingsFrom(jsonData)).toEqual({ threshold: DEFAULT_THRESHOLD });
    }
  );
});

test('riskThresholds turns orange at 80 % of the threshold and red at it', () => {
  const steps = riskThresholds(0.95).steps;
  expect(steps.map((s) => s.color)).toEqual(['green', 'orange', 'red']);
  expect(steps[1].value).toBeCloseTo(0.76);
  expect(steps[2].value).toBe(0.95);
});
