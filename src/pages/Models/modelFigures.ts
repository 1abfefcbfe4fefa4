/**
 * The evaluation figures a model was shipped with, from the `evaluation` object of GET /models
 * (sentinel.json's evaluation): the held-out scenario table's first row (the shipped rule), else
 * the calibration fleet's figures. Anything missing or of another shape is simply not shown.
 */
import { z } from 'zod';

export interface ModelFigures {
  /** Where the figures come from, e.g. the held-out fleet's description. */
  source: string;
  eventPrecision?: number;
  eventRecall?: number;
  falsePositiveRate?: number;
  medianLeadMinutes?: number;
  /** The shipped rule per failure kind (held-out scenarios recorded since 2026-11-25). */
  byKind?: KindFigures[];
}

export interface KindFigures {
  kind: string;
  events: number;
  detected: number;
  medianLeadMinutes?: number;
}

const optionalNumber = z.number().nullable().optional();

const scenariosSchema = z.object({
  dataset: z.string().optional(),
  rows: z
    .array(
      z.object({
        detector: z.string().optional(),
        eventPrecision: optionalNumber,
        eventRecall: optionalNumber,
        falsePositiveRate: optionalNumber,
        medianLeadMinutes: optionalNumber,
      })
    )
    .min(1),
  byFailureKind: z
    .array(
      z.object({
        kind: z.string(),
        events: z.number().int().nonnegative(),
        detected: z.number().int().nonnegative(),
        medianLeadMinutes: optionalNumber,
      })
    )
    .optional()
    // One malformed entry hides the breakdown, not the model's other figures.
    .catch(undefined),
});

const calibrationSchema = z.object({
  eventPrecision: optionalNumber,
  eventRecall: optionalNumber,
  falsePositiveRate: optionalNumber,
  medianLeadTime: optionalNumber,
});

const orUndefined = (v: number | null | undefined) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

export function modelFigures(evaluation: Record<string, unknown> | undefined): ModelFigures | undefined {
  const scenarios = scenariosSchema.safeParse(evaluation?.scenarios);
  if (scenarios.success) {
    const row = scenarios.data.rows[0];
    return {
      source: [scenarios.data.dataset, row.detector].filter(Boolean).join(' — ') || 'held-out scenarios',
      eventPrecision: orUndefined(row.eventPrecision),
      eventRecall: orUndefined(row.eventRecall),
      falsePositiveRate: orUndefined(row.falsePositiveRate),
      medianLeadMinutes: orUndefined(row.medianLeadMinutes),
      byKind: scenarios.data.byFailureKind?.map((k) => ({
        kind: k.kind,
        events: k.events,
        detected: k.detected,
        medianLeadMinutes: orUndefined(k.medianLeadMinutes),
      })),
    };
  }
  const calibration = calibrationSchema.safeParse(evaluation?.calibrationFleet);
  if (calibration.success) {
    const lead = orUndefined(calibration.data.medianLeadTime);
    return {
      source: 'calibration fleet',
      eventPrecision: orUndefined(calibration.data.eventPrecision),
      eventRecall: orUndefined(calibration.data.eventRecall),
      falsePositiveRate: orUndefined(calibration.data.falsePositiveRate),
      medianLeadMinutes: lead === undefined ? undefined : lead / 60_000,
    };
  }
  return undefined;
}

export function formatFigure(value: number | undefined, digits = 3): string {
  return value === undefined ? '—' : value.toFixed(digits);
}

/** "cpu_runaway 13/13 · 12.5 min" per kind, for the Models table. */
export function formatKindFigures(k: KindFigures): string {
  const lead = k.medianLeadMinutes === undefined ? 'not caught' : `${k.medianLeadMinutes.toFixed(1)} min`;
  return `${k.kind} ${k.detected}/${k.events} · ${lead}`;
}

/** A CustomVariable query listing the versions (commas in a version escaped). */
export function versionsQuery(versions: string[]): string {
  return versions.map((v) => v.replace(/,/g, '\\,')).join(',');
}
