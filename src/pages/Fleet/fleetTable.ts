/**
 * The fleet table: one row per host, ranked by current then peak risk, with a sparkline of the
 * range. Pure functions over the risk frames the backend returns (one frame per host, a time field
 * and a number field labelled `instance`).
 */
import { DataFrame, Field, FieldType, createDataFrame } from '@grafana/data';

export interface HostRisk {
  instance: string;
  /** Last finite risk of the range; NaN when the host has none. */
  current: number;
  /** Highest finite risk of the range; NaN when the host has none. */
  peak: number;
  /** The host's risk over the range, for the sparkline (time + risk fields). */
  trend: DataFrame;
}

function finiteValues(field: Field): number[] {
  return (field.values as Array<number | null | undefined>).filter(
    (v): v is number => typeof v === 'number' && Number.isFinite(v)
  );
}

/** One HostRisk per frame with an `instance` label; frames of other shapes are ignored. */
export function hostRisks(frames: DataFrame[]): HostRisk[] {
  const hosts: HostRisk[] = [];
  for (const frame of frames) {
    const time = frame.fields.find((f) => f.type === FieldType.time);
    const risk = frame.fields.find((f) => f.type === FieldType.number && f.labels?.instance !== undefined);
    if (!time || !risk) {
      continue;
    }
    const values = finiteValues(risk);
    hosts.push({
      instance: risk.labels!.instance,
      current: values.length > 0 ? values[values.length - 1] : NaN,
      peak: values.length > 0 ? Math.max(...values) : NaN,
      trend: createDataFrame({
        fields: [
          { name: 'time', type: FieldType.time, values: [...time.values] },
          { name: 'risk', type: FieldType.number, values: [...risk.values] },
        ],
      }),
    });
  }
  return hosts;
}

function descendingNaNLast(a: number, b: number): number {
  const an = Number.isNaN(a);
  const bn = Number.isNaN(b);
  if (an || bn) {
    return an === bn ? 0 : an ? 1 : -1;
  }
  return b - a;
}

/** Riskiest first: current risk, then peak risk, then name; hosts without data last. */
export function rankHosts(hosts: HostRisk[]): HostRisk[] {
  return [...hosts].sort(
    (a, b) =>
      descendingNaNLast(a.current, b.current) ||
      descendingNaNLast(a.peak, b.peak) ||
      a.instance.localeCompare(b.instance)
  );
}

export const FLEET_COLUMNS = {
  host: 'Host',
  current: 'Current risk',
  peak: 'Peak risk',
  trend: 'Trend',
} as const;

/** The ranked table frame; no frame at all when no host answered, so the panel says "No data". */
export function fleetTableFrames(frames: DataFrame[]): DataFrame[] {
  const ranked = rankHosts(hostRisks(frames));
  if (ranked.length === 0) {
    return [];
  }
  return [
    createDataFrame({
      refId: 'fleet',
      fields: [
        { name: FLEET_COLUMNS.host, type: FieldType.string, values: ranked.map((h) => h.instance) },
        { name: FLEET_COLUMNS.current, type: FieldType.number, values: ranked.map((h) => h.current) },
        { name: FLEET_COLUMNS.peak, type: FieldType.number, values: ranked.map((h) => h.peak) },
        { name: FLEET_COLUMNS.trend, type: FieldType.frame, values: ranked.map((h) => h.trend) },
      ],
    }),
  ];
}

/** How many hosts answered and how many are at or above the threshold right now. */
export function fleetSummary(frames: DataFrame[], threshold: number): { hosts: number; atRisk: number } {
  const hosts = hostRisks(frames);
  return { hosts: hosts.length, atRisk: hosts.filter((h) => h.current >= threshold).length };
}

export function fleetSummaryFrames(frames: DataFrame[], threshold: number): DataFrame[] {
  const { hosts, atRisk } = fleetSummary(frames, threshold);
  return [
    createDataFrame({
      refId: 'summary',
      fields: [
        { name: 'Hosts at or above threshold', type: FieldType.number, values: [atRisk] },
        { name: 'Hosts scored', type: FieldType.number, values: [hosts] },
      ],
    }),
  ];
}
