import { joinMatchers, labelMatcher, promqlString, riskQuery } from './riskQueries';
import { renderFeatureQuery } from '../../model/features/featureSpec';

test('riskQuery is the JSON the backend reads, with top only when given', () => {
  expect(riskQuery('A', 'job="node"')).toEqual({
    refId: 'A',
    queryType: 'risk',
    hostSelector: 'job="node"',
    modelVersion: '',
    output: 'risk',
  });
  expect(riskQuery('B', 'x="y"', 'contributions', 'v2', 3)).toMatchObject({
    output: 'contributions',
    modelVersion: 'v2',
    top: 3,
  });
});

describe('labelMatcher', () => {
  test('escapes quotes and backslashes so the value stays one literal', () => {
    expect(promqlString('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(labelMatcher('instance', 'web-1:9100')).toBe('instance="web-1:9100"');
  });

  test("the model's selector check accepts what it builds", () => {
    const spec = { name: 'f', description: '', unit: 'ratio' as const, promql: 'm{$selector}' };
    expect(renderFeatureQuery(spec, labelMatcher('instance', 'odd"host\\'))).toBe('m{instance="odd\\"host\\\\"}');
  });
});

test('joinMatchers drops empty parts and stray commas', () => {
  expect(joinMatchers(['job=~"node"', '', ' env="prod",dc="a", '])).toBe('job=~"node",env="prod",dc="a"');
  expect(joinMatchers(['', '  '])).toBe('');
});
