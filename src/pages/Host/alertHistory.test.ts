import { AlertAnnotation } from '../shared/sentinelApi';
import { hostAlertTransitions, labelsOf, mentionsHost } from './alertHistory';

function annotation(id: number, time: number, text: string, extra: Partial<AlertAnnotation> = {}): AlertAnnotation {
  return { id, time, text, ...extra };
}

describe('mentionsHost', () => {
  const text = 'Failure risk {alertname=Failure risk, instance=web-1:9100, severity=critical} - B=0.97, C=1';

  test('matches the instance label exactly, not a prefix or another label', () => {
    expect(mentionsHost(annotation(1, 0, text), 'web-1:9100')).toBe(true);
    expect(mentionsHost(annotation(1, 0, text), 'web-1')).toBe(false);
    expect(mentionsHost(annotation(1, 0, 'R {job=web-1:9100} - x'), 'web-1:9100')).toBe(false);
    expect(mentionsHost(annotation(1, 0, 'R {instance=web-1:9100} - x'), 'web-1:9100')).toBe(true);
    expect(mentionsHost(annotation(1, 0, 'R {instance="a.b"} - x'), 'a.b')).toBe(true);
  });

  test('treats regex characters in the host literally', () => {
    expect(mentionsHost(annotation(1, 0, 'R {instance=axb} - x'), 'a.b')).toBe(false);
  });

  test('an annotation without labels mentions no host', () => {
    expect(labelsOf('manual note')).toBeUndefined();
    expect(mentionsHost(annotation(1, 0, 'manual note'), 'web-1')).toBe(false);
  });
});

test('hostAlertTransitions keeps the host rows, newest first, with rule, states and values', () => {
  const rows = hostAlertTransitions(
    [
      annotation(1, 1000, 'Failure risk {instance=web-1, severity=critical} - B=0.96, C=1', {
        alertName: 'Failure risk',
        prevState: 'Pending',
        newState: 'Alerting',
      }),
      annotation(2, 3000, 'Failure risk {instance=web-2} - B=0.99', { newState: 'Alerting' }),
      annotation(3, 2000, 'Disk full {instance=web-1} - A=1', { prevState: 'Alerting', newState: 'Normal' }),
    ],
    'web-1'
  );
  expect(rows).toEqual([
    { id: 3, timeMs: 2000, rule: 'Disk full', from: 'Alerting', to: 'Normal', values: 'A=1' },
    { id: 1, timeMs: 1000, rule: 'Failure risk', from: 'Pending', to: 'Alerting', values: 'B=0.96, C=1' },
  ]);
});
