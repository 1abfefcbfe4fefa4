import { DEFAULT_FEATURES, renderFeatureQuery } from '../../src/model/features/featureSpec';
import { stack } from './stackEnv';

/** Every default feature's PromQL must answer one finite value per host from a real node_exporter. */
describe('default features against the live node_exporter behind the stack', () => {
  it.each(DEFAULT_FEATURES.map((f) => [f.name, f] as const))('%s resolves', async (_name, spec) => {
    const body = new URLSearchParams({ query: renderFeatureQuery(spec, 'job="node"') });
    // Rates need two scrapes (5 s apart) inside the 1 m window; the stack may have just started.
    let result: Array<{ metric: Record<string, string>; value: [number, string] }> = [];
    for (let attempt = 0; attempt < 30 && result.length === 0; attempt++) {
      const payload = (await (await fetch(new URL('/api/v1/query', stack.promUrl), { method: 'POST', body })).json()) as {
        status: string;
        data: { result: typeof result };
      };
      expect(payload.status).toBe('success');
      result = payload.data.result;
      if (result.length === 0) {
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
    expect(result).toHaveLength(1);
    expect(result[0].metric.instance).toBe('local');
    expect(Number.isFinite(Number(result[0].value[1]))).toBe(true);
  });
});
