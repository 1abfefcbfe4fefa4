import { AlertEpisode, alertEpisodes, AlertingRule } from '../model/risk/alertEpisodes';
import type { Contribution } from '../model/risk/riskEngine';
import { RiskPanelOptions } from './types';

/** One host's risk timeline as the panel draws it. */
export interface HostTimeline {
  instance: string;
  timestampsMs: number[];
  risk: number[];
  contributions: Contribution[][];
}

/** The alert rule the panel applies: the model's own (the alert rule's), or the user's threshold with the same shape. */
export function effectiveRule(modelRule: AlertingRule, options: Pick<RiskPanelOptions, 'thresholdSource' | 'threshold'>): AlertingRule {
  if (options.thresholdSource !== 'custom') {
    return modelRule;
  }
  return withThreshold(modelRule, options.threshold);
}

/** The model's rule moved to another threshold, keeping its minimum duration and its relative hysteresis. */
export function withThreshold(modelRule: AlertingRule, threshold: number): AlertingRule {
  const ratio = modelRule.threshold > 0 ? modelRule.clearBelow / modelRule.threshold : 1;
  return { threshold, minDurationSteps: modelRule.minDurationSteps, clearBelow: threshold * ratio };
}

export interface RankedHost extends HostTimeline {
  currentRisk: number;
  peakRisk: number;
  episodes: AlertEpisode[];
}

/** Hosts with their current and peak risk and alert episodes, sorted as asked and cut to maxHosts. */
export function rankHosts(hosts: HostTimeline[], rule: AlertingRule, sortBy: RiskPanelOptions['sortBy'], maxHosts: number): RankedHost[] {
  const ranked = hosts.map((h) => {
    let current = NaN;
    for (let i = h.risk.length - 1; i >= 0; i--) {
      if (Number.isFinite(h.risk[i])) {
        current = h.risk[i];
        break;
      }
    }
    const peak = h.risk.reduce((m, r) => (Number.isFinite(r) && r > m ? r : m), Number.NEGATIVE_INFINITY);
    return { ...h, currentRisk: current, peakRisk: Number.isFinite(peak) ? peak : NaN, episodes: alertEpisodes(h.risk, rule) };
  });
  const byNumber = (a: number, b: number) => (Number.isFinite(b) ? b : -1) - (Number.isFinite(a) ? a : -1);
  ranked.sort((a, b) => {
    if (sortBy === 'name') {
      return a.instance.localeCompare(b.instance);
    }
    const primary = sortBy === 'peakRisk' ? byNumber(a.peakRisk, b.peakRisk) : byNumber(a.currentRisk, b.currentRisk);
    return primary !== 0 ? primary : a.instance.localeCompare(b.instance);
  });
  return ranked.slice(0, Math.max(1, maxHosts));
}

export interface ThresholdPreview {
  threshold: number;
  episodes: Array<{ instance: string; firedMs: number; endMs: number; peakRisk: number }>;
}

/** What a threshold would have raised on the history shown: every episode, host and time. */
export function previewThreshold(hosts: HostTimeline[], modelRule: AlertingRule, threshold: number): ThresholdPreview {
  const rule = withThreshold(modelRule, threshold);
  const episodes = hosts.flatMap((h) =>
    alertEpisodes(h.risk, rule).map((e) => ({
      instance: h.instance,
      firedMs: h.timestampsMs[e.firedIndex],
      endMs: h.timestampsMs[e.endIndex],
      peakRisk: e.peakRisk,
    }))
  );
  episodes.sort((a, b) => a.firedMs - b.firedMs);
  return { threshold, episodes };
}

/** Appends live points and drops those before the range start, keeping the arrays aligned. */
export function appendPoints(
  host: HostTimeline,
  points: Array<{ timestampMs: number; risk: number; contributions: Contribution[] }>,
  startMs: number
): HostTimeline {
  const timestampsMs = [...host.timestampsMs];
  const risk = [...host.risk];
  const contributions = [...host.contributions];
  for (const p of points) {
    if (timestampsMs.length > 0 && p.timestampMs <= timestampsMs[timestampsMs.length - 1]) {
      continue;
    }
    timestampsMs.push(p.timestampMs);
    risk.push(p.risk);
    contributions.push(p.contributions);
  }
  let drop = 0;
  while (drop < timestampsMs.length && timestampsMs[drop] < startMs) {
    drop++;
  }
  return { instance: host.instance, timestampsMs: timestampsMs.slice(drop), risk: risk.slice(drop), contributions: contributions.slice(drop) };
}

/**
 * Steps the panel computes in the browser at most. Prometheus answers at most 11,000 points per
 * series, and the warm-up adds up to 300; past this the queries would fail anyway, and the page
 * would spend minutes — long ranges belong to the backend risk query (recording rules, alerts).
 */
export const MAX_PANEL_STEPS = 10_000;

/** Why a range cannot be drawn in the browser, or undefined when it can. */
export function rangeProblem(fromMs: number, toMs: number, stepSeconds: number): string | undefined {
  const steps = Math.floor((toMs - fromMs) / (stepSeconds * 1000));
  if (steps <= MAX_PANEL_STEPS) {
    return undefined;
  }
  const hours = (MAX_PANEL_STEPS * stepSeconds) / 3600;
  return `the time range holds ${steps.toLocaleString('en')} steps of ${stepSeconds} s; the panel computes risk in the browser for at most ${MAX_PANEL_STEPS.toLocaleString('en')} (${hours.toFixed(0)} h). Choose a shorter range, or chart the Sentinel datasource's risk query, which the backend computes.`;
}
