import { z } from 'zod';
import { FeatureSeries } from './alignSeries';
import { FeatureInputError } from './errors';

/** The part of a Prometheus `query_range` answer the pipeline reads; checked, since it comes off the network. */
const matrixResponse = z.object({
  status: z.literal('success'),
  data: z.object({
    resultType: z.literal('matrix'),
    result: z.array(
      z.object({
        metric: z.record(z.string()),
        values: z.array(z.tuple([z.number(), z.string()])),
      })
    ),
  }),
});

/**
 * One feature's `query_range` answer as per-host series. Series without an `instance` label, or
 * two series for the same instance, mean the feature's query does not aggregate by host; that is
 * a mapping error to fix on the config page, not something to guess around.
 */
export function seriesFromPrometheusMatrix(feature: string, body: unknown): FeatureSeries[] {
  const parsed = matrixResponse.safeParse(body);
  if (!parsed.success) {
    throw new FeatureInputError(`feature "${feature}": the server's answer is not a Prometheus matrix (${parsed.error.issues[0]?.message ?? 'invalid'})`);
  }
  const seen = new Set<string>();
  return parsed.data.data.result.map(({ metric, values }) => {
    const instance = metric.instance;
    if (instance === undefined) {
      throw new FeatureInputError(`feature "${feature}" returned a series without an instance label (${JSON.stringify(metric)}); aggregate its query by instance`);
    }
    if (seen.has(instance)) {
      throw new FeatureInputError(`feature "${feature}" returned several series for instance="${instance}"; aggregate its query by instance`);
    }
    seen.add(instance);
    return {
      feature,
      instance,
      timestampsMs: values.map(([t]) => Math.round(t * 1000)),
      values: values.map(([, v]) => Number(v)),
    };
  });
}
