import { z } from 'zod';
import { failureHeadIssues, failureHeadSchema } from '../failureHead/failureHeadJson';
import { seasonalBaselineIssues } from '../scorers/seasonalBaseline';

/**
 * sentinel.json: everything about a model that is not LSTM weights. Both runtimes read it; the
 * schema is the contract, and anything that does not match is refused with the path of the
 * offending field.
 */
export const ARTIFACT_FORMAT_VERSION = 1;

const finite = z.number().finite();
const featureUnit = z.enum(['ratio', 'bytes_per_second', 'per_second', 'load_per_core']);

export const sentinelJsonSchema = z
  .object({
    formatVersion: z.literal(ARTIFACT_FORMAT_VERSION),
    name: z.string().min(1),
    version: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'letters, digits, dot, dash, underscore; at most 64'),
    createdAt: z.string().datetime(),
    description: z.string(),
    features: z
      .array(
        z.object({
          name: z.string().regex(/^[a-z][a-z0-9_]*$/),
          description: z.string(),
          unit: featureUnit,
          promql: z.string(),
          /** Value (in the feature's own units) at which the host is considered failed. */
          failureLimit: finite.optional(),
        })
      )
      .min(1),
    rateWindow: z.string().regex(/^\d+(ms|s|m|h|d)$/),
    stepSeconds: z.number().int().positive(),
    horizonSteps: z.number().int().positive(),
    maxFillSteps: z.number().int().nonnegative(),
    streaming: z.object({ chunkSteps: z.number().int().positive(), warmupSteps: z.number().int().nonnegative() }),
    normalisation: z.array(z.object({ unit: featureUnit, mean: finite, std: finite.positive() })),
    lstm: z.object({
      units: z.number().int().positive(),
      outputBlocks: z.tuple([z.literal('next'), z.literal('mean'), z.literal('logvar')]),
    }),
    isolationForest: z.unknown(),
    baseline: z.unknown(),
    // Optional: a straight-line forecast of the limited features joins the LSTM's in the failure
    // part (risk/trendFailure.ts). Absent in models trained before it; they score as before.
    failureTrend: z
      .object({
        windowSteps: z.number().int().gte(6),
        projectSteps: z.number().int().positive(),
        minSigma: finite.positive(),
        // Optional: absent in models trained before it (they use the smaller slope, i.e. 1).
        slopeCap: finite.gte(1).optional(),
      })
      .nullish()
      // null reads as absent, as the Go runtime's pointer does.
      .transform((v) => v ?? undefined),
    // Optional: gradient-boosted trees trained on failure labels over the parts and recent shape of
    // each feature (src/model/failureHead). When present, risk is the head's probability and the
    // calibration below still weighs the parts for explanations. Absent in older models.
    failureHead: failureHeadSchema.nullish().transform((v) => v ?? undefined),
    calibration: z.object({
      smoothingAlpha: finite.gt(0).lte(1),
      center: z.array(finite).length(4),
      scale: z.array(finite.positive()).length(4),
      weights: z.array(finite).length(4),
      bias: finite,
      // Optional: absent in models before 2026-12-07 (they sum). src/model/risk/calibration.ts.
      combine: z.enum(['weightedSum', 'median']).optional(),
    }),
    alerting: z.object({
      threshold: finite.gt(0).lt(1),
      minDurationSteps: z.number().int().positive(),
      clearBelow: finite.gte(0).lt(1),
    }),
    training: z.record(z.unknown()),
    evaluation: z.record(z.unknown()),
  })
  .superRefine((doc, ctx) => {
    if (doc.normalisation.length !== doc.features.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['normalisation'],
        message: `${doc.normalisation.length} entries for ${doc.features.length} features`,
      });
    }
    doc.normalisation.forEach((n, i) => {
      if (doc.features[i] && n.unit !== doc.features[i].unit) {
        ctx.addIssue({
          code: 'custom',
          path: ['normalisation', i, 'unit'],
          message: `unit ${n.unit} differs from feature ${doc.features[i].name}'s ${doc.features[i].unit}`,
        });
      }
    });
    // The trend's window must fit in a chunk's warm-up, or the first scored steps of every chunk
    // would see a clipped window.
    if (doc.failureTrend && doc.failureTrend.windowSteps > doc.streaming.warmupSteps + 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['failureTrend', 'windowSteps'],
        message: `${doc.failureTrend.windowSteps} exceeds streaming.warmupSteps + 1 (${doc.streaming.warmupSteps + 1})`,
      });
    }
    // A median calibration votes the parts with a positive weight: one at least, and none negative
    // (a negative weight would mean "less risk as this part rises", which a vote cannot express).
    if (
      doc.calibration.combine === 'median' &&
      !(doc.calibration.weights.some((w) => w > 0) && doc.calibration.weights.every((w) => w >= 0))
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['calibration', 'weights'],
        message: `a median calibration needs weights >= 0 with at least one > 0, got [${doc.calibration.weights.join(', ')}]`,
      });
    }
    if (doc.failureHead) {
      for (const [path, message] of failureHeadIssues(
        doc.failureHead,
        doc.features.length,
        doc.streaming.warmupSteps
      )) {
        ctx.addIssue({ code: 'custom', path: ['failureHead', ...path], message });
      }
    }
    // baseline.kind: absent, "robust" or "robust-baseline" (median/MAD, checked when the scorer is
    // built), or "seasonal" (checked here, field by field); anything else is refused.
    const baseline = doc.baseline as { kind?: unknown } | null;
    const kind = baseline !== null && typeof baseline === 'object' ? baseline.kind : undefined;
    if (kind === 'seasonal') {
      for (const [path, message] of seasonalBaselineIssues(doc.baseline, doc.features.length)) {
        ctx.addIssue({ code: 'custom', path: ['baseline', ...path], message });
      }
    } else if (!(kind === undefined || kind === 'robust' || kind === 'robust-baseline')) {
      ctx.addIssue({
        code: 'custom',
        path: ['baseline', 'kind'],
        message: `unknown baseline kind ${JSON.stringify(kind)} (robust, robust-baseline or seasonal)`,
      });
    }
    if (doc.alerting.clearBelow > doc.alerting.threshold) {
      ctx.addIssue({ code: 'custom', path: ['alerting', 'clearBelow'], message: 'must not exceed the threshold' });
    }
  });

export type SentinelJson = z.infer<typeof sentinelJsonSchema>;
