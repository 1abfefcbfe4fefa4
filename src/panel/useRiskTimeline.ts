import { useEffect, useRef, useState } from 'react';
import { DataFrame, PanelData, TimeRange } from '@grafana/data';
import type { ArtifactFiles } from '../model/artifact/artifact';
import { alignHosts, HostFeatureMatrix } from '../model/features/alignSeries';
import { settleSteps } from '../model/features/featureSpec';
import { featuresFromFrames } from '../model/features/fromDataFrames';
import { planChunks } from '../model/lstm/streamingPlan';
import type { AlertingRule } from '../model/risk/alertEpisodes';
import type { LiveRiskScorer } from '../model/risk/liveRisk';
import { fetchModelFiles, resolveBackendUid } from './data/backendApi';
import { featureQueryRequest, queryFeatures } from './data/modelQueries';
import { appendPoints, HostTimeline, rangeProblem } from './riskView';
import type { PanelModel } from './runtime/browserRuntime';
import { RiskPanelOptions } from './types';

export type PanelStatus =
  | { kind: 'loading-model' }
  | { kind: 'querying' }
  | { kind: 'computing'; progress: number }
  | { kind: 'ready' }
  | { kind: 'no-data'; message: string }
  | { kind: 'error'; title: string; message: string };

export interface ModelInfo {
  version: string;
  contentHash: string;
  hashVerified: boolean;
  backend: string;
  stepSeconds: number;
  horizonMinutes: number;
  rule: AlertingRule;
}

export interface RiskTimelineState {
  status: PanelStatus;
  model?: ModelInfo;
  hosts: HostTimeline[];
  missingFeatures: string[];
  notices: string[];
  /** How the newest result was computed, and how long it took (shown to the user and read by the benchmark). */
  lastRun?: { id: number; mode: 'full' | 'live'; ms: number; hostSteps: number; forecastMs?: number; scoringMs?: number };
  /** True once the live scorer holds every host's state, so the next refresh costs one step. */
  liveReady?: boolean;
}

const runtime = () => import(/* webpackChunkName: "tfjs-runtime" */ './runtime/browserRuntime');

interface LiveState {
  key: string;
  scorer: LiveRiskScorer;
  instances: string[];
  primed: boolean;
}

/** Loads the backend's model, gets the features, and computes risk — in full, or only the new steps on a refresh. */
export function useRiskTimeline(data: PanelData, options: RiskPanelOptions, timeRange: TimeRange): RiskTimelineState {
  const [state, setState] = useState<RiskTimelineState>({ status: { kind: 'loading-model' }, hosts: [], missingFeatures: [], notices: [] });
  const modelRef = useRef<{ key: string; promise: Promise<PanelModel> } | undefined>(undefined);
  const liveRef = useRef<LiveState | undefined>(undefined);
  const hostsRef = useRef<HostTimeline[]>([]);
  const runIdRef = useRef(0);

  const fromMs = timeRange.from.valueOf();
  const toMs = timeRange.to.valueOf();
  const { backendUid: configuredBackend, modelVersion, source, prometheusUid, hostSelector, inferenceBackend } = options;
  const series = source === 'panelQueries' ? data.series : undefined;

  useEffect(() => {
    const abort = new AbortController();
    const run = async () => {
      let backendUid: string;
      try {
        backendUid = resolveBackendUid(configuredBackend);
      } catch (err) {
        setState((s) => ({ ...s, status: { kind: 'error', title: 'No Sentinel risk datasource', message: (err as Error).message } }));
        return;
      }
      const modelKey = `${backendUid}|${modelVersion}|${inferenceBackend}`;
      if (modelRef.current?.key !== modelKey) {
        setState((s) => ({ ...s, status: { kind: 'loading-model' } }));
        modelRef.current = { key: modelKey, promise: loadModel(backendUid, modelVersion, inferenceBackend) };
        liveRef.current = undefined;
      }
      let model: PanelModel;
      try {
        model = await modelRef.current.promise;
      } catch (err) {
        modelRef.current = undefined;
        setState((s) => ({ ...s, status: { kind: 'error', title: 'The model could not be loaded', message: (err as Error).message } }));
        return;
      }
      const meta = model.riskModel.meta;
      const stepMs = meta.stepSeconds * 1000;
      const info: ModelInfo = {
        version: model.version,
        contentHash: model.contentHash,
        hashVerified: model.hashVerified,
        backend: model.backend,
        stepSeconds: meta.stepSeconds,
        horizonMinutes: (meta.horizonSteps * meta.stepSeconds) / 60,
        rule: meta.alerting,
      };
      const tooLong = rangeProblem(fromMs, toMs, meta.stepSeconds);
      if (tooLong) {
        setState((st) => ({ ...st, model: info, hosts: [], status: { kind: 'error', title: 'Time range too long for the panel', message: tooLong } }));
        return;
      }
      const rule = { stepMs, chunkSteps: meta.streaming.chunkSteps, warmupSteps: meta.streaming.warmupSteps };
      let plan;
      try {
        plan = planChunks(rule, fromMs, toMs);
      } catch (err) {
        setState((s) => ({ ...s, model: info, status: { kind: 'no-data', message: (err as Error).message } }));
        return;
      }
      const sourceKey = `${modelKey}|${source}|${prometheusUid}|${hostSelector}`;
      const live = liveRef.current;
      const previous = hostsRef.current;
      const previousLast = previous[0]?.timestampsMs[previous[0].timestampsMs.length - 1];
      const canGoLive =
        live?.primed &&
        live.key === sourceKey &&
        previousLast !== undefined &&
        live.scorer.processedUntilMs === previousLast &&
        plan.lastScoredMs > previousLast &&
        plan.firstScoredMs >= previous[0].timestampsMs[0] &&
        plan.lastScoredMs - previousLast <= rule.chunkSteps * stepMs;

      const featureNames = meta.features.map((f) => f.name);
      const gather = async (queryFromMs: number, alignFromMs: number) => {
        let frames: DataFrame[];
        const notices: string[] = [];
        if (series) {
          frames = series;
        } else {
          if (!prometheusUid) {
            throw new UserFacingError('No Prometheus datasource', 'pick the Prometheus datasource the model queries (panel options → Features)');
          }
          const answer = await queryFeatures(featureQueryRequest(meta.features, prometheusUid, hostSelector, queryFromMs, toMs, meta.stepSeconds, meta.rateWindow), abort.signal);
          frames = answer.frames;
          notices.push(...Object.entries(answer.errors).map(([f, e]) => `${f}: ${e}`));
        }
        const read = featuresFromFrames(frames, featureNames);
        if (read.ignoredRefIds.length > 0 && series) {
          notices.push(`queries ${read.ignoredRefIds.join(', ')} are not model features and are ignored (name each query's refId after a feature)`);
        }
        const hosts = read.series.length === 0 ? [] : alignHosts(read.series, featureNames, { startMs: alignFromMs, endMs: plan.lastScoredMs, stepMs, maxFillSteps: meta.maxFillSteps, settleSteps: settleSteps(meta.features, meta.rateWindow, stepMs) });
        return { hosts, missingFeatures: read.missingFeatures, notices };
      };

      try {
        if (canGoLive && live) {
          const started = performance.now();
          const fetched = await gather(previousLast - 10 * stepMs, previousLast + stepMs);
          const instances = fetched.hosts.map((h) => h.instance);
          if (sameHosts(instances, live.instances)) {
            const points = live.scorer.advance(fetched.hosts, plan.lastScoredMs);
            const hosts = previous.map((h) => appendPoints(h, points.get(h.instance) ?? [], plan.firstScoredMs));
            hostsRef.current = hosts;
            const added = [...points.values()].reduce((n, p) => n + p.length, 0);
            setState({
              status: { kind: 'ready' },
              model: info,
              hosts,
              missingFeatures: fetched.missingFeatures,
              notices: fetched.notices,
              lastRun: { id: ++runIdRef.current, mode: 'live', ms: performance.now() - started, hostSteps: added },
              liveReady: true,
            });
            return;
          }
        }
        liveRef.current = undefined;
        setState((s) => ({ ...s, model: info, status: { kind: 'querying' } }));
        const fetched = await gather(plan.fetchStartMs, plan.fetchStartMs);
        if (abort.signal.aborted) {
          return;
        }
        if (fetched.hosts.length === 0) {
          hostsRef.current = [];
          setState({
            status: { kind: 'no-data', message: noDataMessage(fetched.missingFeatures.length === featureNames.length, source, hostSelector) },
            model: info,
            hosts: [],
            missingFeatures: fetched.missingFeatures,
            notices: fetched.notices,
          });
          return;
        }
        const started = performance.now();
        setState((s) => ({ ...s, status: { kind: 'computing', progress: 0 } }));
        const { computeTimeline, createLiveScorer } = await runtime();
        const timings: { forecastMs?: number; scoringMs?: number } = {};
        const result = await computeTimeline(model, fetched.hosts, plan.firstScoredMs, plan.lastScoredMs, {
          timings,
          signal: abort.signal,
          onProgress: (progress) => setState((s) => ({ ...s, status: { kind: 'computing', progress } })),
        });
        const timestamps = Array.from(result.timestampsMs);
        const hosts = result.hosts.map((h) => ({
          instance: h.instance,
          timestampsMs: timestamps,
          risk: Array.from(h.risk),
          contributions: h.contributions ?? [],
        }));
        hostsRef.current = hosts;
        setState({
          status: { kind: 'ready' },
          model: info,
          hosts,
          missingFeatures: fetched.missingFeatures,
          notices: fetched.notices,
          lastRun: { id: ++runIdRef.current, mode: 'full', ms: performance.now() - started, hostSteps: hosts.length * timestamps.length, ...timings },
        });
        // Prime the live scorer in the background (yielding), so the next refresh costs one step.
        const scorer = createLiveScorer(model);
        const next: LiveState = { key: sourceKey, scorer, instances: fetched.hosts.map((h) => h.instance), primed: false };
        liveRef.current = next;
        const chunkMs = rule.chunkSteps * stepMs;
        const { yieldToPage } = await runtime();
        for (let t = Math.max(Math.floor(plan.lastScoredMs / chunkMs) * chunkMs, plan.firstScoredMs); ; t = Math.min(t + 16 * stepMs, plan.lastScoredMs)) {
          scorer.advance(fetched.hosts, t);
          if (t >= plan.lastScoredMs || abort.signal.aborted) {
            break;
          }
          await yieldToPage();
        }
        next.primed = !abort.signal.aborted;
        if (next.primed) {
          setState((st) => ({ ...st, liveReady: true }));
        }
      } catch (err) {
        if ((err as Error).name === 'AbortError' || abort.signal.aborted) {
          return;
        }
        const title = err instanceof UserFacingError ? err.title : (err as Error).name === 'FeatureInputError' ? 'Bad feature data' : 'Risk could not be computed';
        setState((s) => ({ ...s, status: { kind: 'error', title, message: (err as Error).message } }));
      }
    };
    run();
    return () => abort.abort();
  }, [configuredBackend, modelVersion, source, prometheusUid, hostSelector, inferenceBackend, fromMs, toMs, series]);

  return state;
}

class UserFacingError extends Error {
  constructor(
    readonly title: string,
    message: string
  ) {
    super(message);
  }
}

async function loadModel(uid: string, version: string, backend: RiskPanelOptions['inferenceBackend']): Promise<PanelModel> {
  const { version: resolved, files, contentHash } = await fetchModelFiles(uid, version);
  const { loadPanelModel, backendOrder } = await runtime();
  return loadPanelModel(resolved, files as ArtifactFiles, contentHash, backendOrder(backend ?? 'auto'));
}

function sameHosts(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function noDataMessage(allMissing: boolean, source: RiskPanelOptions['source'], hostSelector: string): string {
  if (source === 'panelQueries') {
    return allMissing
      ? "none of the panel's queries is named after a model feature: set each query's refId to a feature name (cpu_busy, memory_used, …) or switch the feature source to the model's queries"
      : 'the queries returned no series for this time range';
  }
  return `no host matched ${hostSelector} in this time range (check the host selector and the Prometheus datasource)`;
}

export type { HostFeatureMatrix };
