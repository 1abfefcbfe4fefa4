import { HostFeatureMatrix } from '../features/alignSeries';
import { RiskModel, scoreHosts } from '../risk/riskEngine';

/**
 * Golden vectors for the whole risk computation: raw host features in, risk, smoothed
 * components, top contributions and alert episodes out. The Go engine must reproduce risk and
 * components to 1e-5 and name the same contributing features.
 */
export interface RiskVectors {
  startMs: number;
  endMs: number;
  hosts: Array<{ instance: string; gridStartMs: number; values: Array<number | null>; missing: number[] }>;
  timestampsMs: number[];
  expected: Array<{
    instance: string;
    risk: number[];
    components: number[];
    contributions: Array<Array<{ feature: string; share: number }>>;
    episodes: Array<{ firedIndex: number; pendingIndex: number; endIndex: number; peakRisk: number }>;
  }>;
}

export function riskVectors(riskModel: RiskModel, hosts: HostFeatureMatrix[], startMs: number, endMs: number): RiskVectors {
  const result = scoreHosts(riskModel, hosts, startMs, endMs, { contributions: true });
  return {
    startMs,
    endMs,
    hosts: hosts.map((h) => ({
      instance: h.instance,
      gridStartMs: h.timestampsMs[0],
      // JSON has no NaN: missing cells are null.
      values: Array.from(h.values, (v) => (Number.isFinite(v) ? v : null)),
      missing: Array.from(h.missing),
    })),
    timestampsMs: Array.from(result.timestampsMs),
    expected: result.hosts.map((h) => ({
      instance: h.instance,
      risk: Array.from(h.risk),
      components: Array.from(h.components),
      contributions: h.contributions ?? [],
      episodes: h.episodes,
    })),
  };
}
