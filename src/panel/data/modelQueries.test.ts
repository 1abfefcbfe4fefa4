import { featureQueryRequest, renderTemplate } from './modelQueries';

describe('model feature queries', () => {
  it('renders the selector and rate window into a template', () => {
    expect(renderTemplate('rate(x{mode="idle",$selector}[$rate])', ' job="node" ')).toBe('rate(x{mode="idle",job="node"}[1m])');
  });

  it('asks for every feature on the model step over the warm-up range', () => {
    const req = featureQueryRequest(
      [
        { name: 'cpu_busy', promql: '1 - rate(c{$selector}[$rate])' },
        { name: 'memory_used', promql: 'm{$selector}' },
      ],
      'prom',
      'instance="a"',
      1_000_000,
      1_000_000 + 3_600_000,
      15
    );
    expect(req.from).toBe('1000000');
    expect(req.to).toBe('4600000');
    expect(req.queries.map((q) => q.refId)).toEqual(['cpu_busy', 'memory_used']);
    expect(req.queries[0]).toMatchObject({ expr: '1 - rate(c{instance="a"}[1m])', intervalMs: 15_000, maxDataPoints: 241, range: true, datasource: { uid: 'prom' } });
  });
});
