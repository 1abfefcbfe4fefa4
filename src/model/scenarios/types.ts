import { HostFeatureMatrix } from '../features/alignSeries';

export const FAILURE_KINDS = [
  'memory_leak',
  'disk_fill',
  'cpu_runaway',
  'fd_exhaustion',
  'network_saturation',
] as const;
export type FailureKind = (typeof FAILURE_KINDS)[number];

/** Hard negatives: changes that look a little like precursors but recover without a failure. */
export const BENIGN_KINDS = [
  'batch_job',
  'backup',
  'load_spike',
  'traffic_burst',
  'connection_burst',
  'gc_sawtooth',
] as const;
export type BenignKind = (typeof BENIGN_KINDS)[number];

export type NormalSource = 'smd' | 'synthetic';

export interface ScrapeGapOptions {
  /** Expected gaps per host per day. */
  perHostDay: number;
  /** Longest gap, in steps; each gap is 1 … maxSteps whole rows (the scrape of the host failed). */
  maxSteps: number;
}

export interface ScenarioOptions {
  seed: number;
  hosts: number;
  durationHours: number;
  /** Grid step; 15 s by default, 60 s equals SMD's own step. */
  stepSeconds?: number;
  /** Expected failures per host per day (Poisson; events never overlap). Default 0.5. */
  failureRate?: number;
  kinds?: readonly FailureKind[];
  /** Expected benign events per host per day. Default 4. */
  benignRate?: number;
  benignKinds?: readonly BenignKind[];
  /** Precursor length range [min, max] in minutes: f - precursorStart. Default [10, 60]. */
  precursorMinutes?: readonly [number, number];
  /** No event starts in the first warm-up minutes, so a streaming model has history. Default 60. */
  warmupMinutes?: number;
  /** Time of the first row. Default 2024-01-01T00:00:00Z. */
  startMs?: number;
  /** Where normal behaviour comes from: SMD's normal rows (default) or a synthetic stand-in. */
  normalSource?: NormalSource;
  /** SMD folder; default ../shared/datasets/smd next to the repository. */
  smdDir?: string;
  /** SMD machines to draw normal behaviour from. Default machine-1-2 … machine-1-8. */
  machines?: readonly string[];
  /** Multiplier of the per-step measurement noise; 0 turns it off. Default 1. */
  noise?: number;
  /** Missed scrapes (whole rows missing). Off by default. */
  scrapeGaps?: ScrapeGapOptions;
  /** Link capacity for network saturation, bytes/s. Default 117.5e6 (1 GbE payload). */
  linkCapBytesPerSecond?: number;
  /** Instance label prefix; hosts are <prefix>01, <prefix>02, … Default "scenario-". */
  instancePrefix?: string;
}

export interface FailureRecord {
  instance: string;
  kind: FailureKind;
  /** First step at which the kind's failure condition holds. */
  failureMs: number;
  /** First step of the precursor. */
  precursorStartMs: number;
  /** First step back at normal behaviour (after the failure state and the restart or clean-up). */
  recoveredMs: number;
  /** The drawn parameters, for inspection. */
  params: Record<string, number>;
}

export interface BenignRecord {
  instance: string;
  kind: BenignKind;
  startMs: number;
  endMs: number;
  params: Record<string, number>;
}

export interface ScrapeGapRecord {
  instance: string;
  startMs: number;
  endMs: number;
}

/** Where a host's normal rows came from: consecutive pieces of SMD splits (or "synthetic"). */
export interface NormalSourceRecord {
  instance: string;
  source: NormalSource;
  machine?: string;
  pieces: Array<{ split: 'train' | 'test'; startRow: number; rows: number; atMinute: number }>;
}

export interface ScenarioFleet {
  hosts: HostFeatureMatrix[];
  failures: FailureRecord[];
  benignEvents: BenignRecord[];
  scrapeGaps: ScrapeGapRecord[];
  sources: NormalSourceRecord[];
  /** The options with every default filled in. */
  options: ResolvedScenarioOptions;
}

export type ResolvedScenarioOptions = Required<Omit<ScenarioOptions, 'scrapeGaps'>> & {
  scrapeGaps: ScrapeGapOptions | null;
};
