import React, { useEffect, useMemo, useState } from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2, PanelProps } from '@grafana/data';
import { Alert, LoadingBar, useStyles2 } from '@grafana/ui';
import { promqlLabelValue } from '../../datasource/promqlFormat';
import { fetchAlertHistory, marksFromAnnotationFrames, TimelineMark } from '../data/alertHistory';
import { effectiveRule, rankHosts } from '../riskView';
import { panelTestIds } from '../testIds';
import { RiskPanelOptions } from '../types';
import { useRiskTimeline } from '../useRiskTimeline';
import { HostRanking } from './HostRanking';
import { RiskChart } from './RiskChart';
import { ThresholdPreview } from './ThresholdPreview';

type Props = PanelProps<RiskPanelOptions>;

/** Per-host failure risk from the backend's model, computed in the browser with TensorFlow.js. */
export function RiskPanel({ data, options: saved, width, height, timeRange, replaceVariables }: Props) {
  const s = useStyles2(getStyles);
  // Dashboard variables in the host selector (instance=~"$instance") and model version; multi-value
  // variables become a regex alternation quoted for a PromQL string, as the datasource does.
  const hostSelector = replaceVariables(saved.hostSelector, undefined, promqlLabelValue);
  const modelVersion = replaceVariables(saved.modelVersion);
  const options = useMemo(() => ({ ...saved, hostSelector, modelVersion }), [saved, hostSelector, modelVersion]);
  const state = useRiskTimeline(data, options, timeRange);
  const [history, setHistory] = useState<{ marks: TimelineMark[]; error?: string }>({ marks: [] });
  const fromMs = timeRange.from.valueOf();
  const toMs = timeRange.to.valueOf();

  useEffect(() => {
    let cancelled = false;
    if (options.showAlertHistory) {
      fetchAlertHistory(fromMs, toMs).then((h) => !cancelled && setHistory(h));
    }
    return () => {
      cancelled = true;
    };
  }, [options.showAlertHistory, fromMs, toMs]);

  const rule = state.model ? effectiveRule(state.model.rule, options) : undefined;
  const ranked = useMemo(
    () => (rule ? rankHosts(state.hosts, rule, options.sortBy, options.maxHosts) : []),
    [state.hosts, rule, options.sortBy, options.maxHosts]
  );
  const marks = useMemo(
    () => (options.showAlertHistory ? [...history.marks, ...marksFromAnnotationFrames(data.annotations)] : []),
    [options.showAlertHistory, history.marks, data.annotations]
  );

  const { status } = state;
  if (status.kind === 'error') {
    return (
      <div className={s.center} style={{ width, height }} data-testid={panelTestIds.state} data-state="error">
        <Alert title={status.title} severity="error">
          {status.message}
        </Alert>
      </div>
    );
  }
  if (status.kind === 'no-data') {
    return (
      <div className={s.center} style={{ width, height }} data-testid={panelTestIds.state} data-state="no-data">
        No data: {status.message}
      </div>
    );
  }
  if (state.hosts.length === 0 || !rule || !state.model) {
    const label =
      status.kind === 'loading-model'
        ? 'Loading the model…'
        : status.kind === 'querying'
          ? 'Querying features…'
          : 'Computing risk…';
    return (
      <div className={s.center} style={{ width, height }} data-testid={panelTestIds.state} data-state={status.kind}>
        {status.kind === 'computing' && <LoadingBar width={Math.min(width, 300)} />}
        <span data-testid={panelTestIds.progress}>
          {label}
          {status.kind === 'computing' ? ` ${Math.round(status.progress * 100)}%` : ''}
        </span>
      </div>
    );
  }

  const horizon = options.horizonMinutes > 0 ? options.horizonMinutes : state.model.horizonMinutes;
  // The side column grows with the panel (host names, the threshold slider), up to 340 px.
  const sideWidth = width >= 640 ? Math.min(340, Math.max(260, Math.round(width * 0.28))) : 0;
  const footer = 26;
  const chartHeight = Math.max(height - footer - (sideWidth ? 0 : Math.min(120, height / 3)), 80);
  return (
    <div
      className={s.container}
      style={{ width, height }}
      data-testid={panelTestIds.container}
      data-state={status.kind}
      data-backend={state.model.backend}
      data-last-run-mode={state.lastRun?.mode}
      data-last-run-ms={state.lastRun?.ms.toFixed(1)}
      data-last-run-id={state.lastRun?.id}
      data-forecast-ms={state.lastRun?.forecastMs?.toFixed(1)}
      data-scoring-ms={state.lastRun?.scoringMs?.toFixed(1)}
      data-live-ready={state.liveReady ? 'true' : 'false'}
    >
      <div className={s.main} style={{ flexDirection: sideWidth ? 'row' : 'column' }}>
        <RiskChart
          hosts={ranked}
          threshold={rule.threshold}
          horizonMinutes={horizon}
          marks={marks}
          showEpisodes={options.showEpisodes}
          fromMs={fromMs}
          toMs={toMs}
          width={width - sideWidth}
          height={chartHeight}
        />
        <div className={s.side} style={{ width: sideWidth || width, flexShrink: sideWidth ? 0 : 1 }}>
          <HostRanking hosts={ranked} threshold={rule.threshold} />
          <ThresholdPreview hosts={state.hosts} rule={state.model.rule} initial={rule.threshold} />
        </div>
      </div>
      <div className={s.footer} data-testid={panelTestIds.modelInfo}>
        model {state.model.version} ({state.model.contentHash.slice(0, 8)}
        {state.model.hashVerified ? '' : ', unverified'}) · tfjs {state.model.backend} · threshold{' '}
        {rule.threshold.toFixed(2)} · horizon {horizon} min
        {status.kind === 'computing' && ` · updating ${Math.round(status.progress * 100)}%`}
        {state.missingFeatures.length > 0 && (
          <span className={s.warn}> · missing features: {state.missingFeatures.join(', ')}</span>
        )}
        {[...state.notices, ...(history.error && options.showAlertHistory ? [history.error] : [])].map((n) => (
          <span key={n} className={s.warn}>
            {' '}
            · {n}
          </span>
        ))}
      </div>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  container: css({ display: 'flex', flexDirection: 'column', overflow: 'hidden' }),
  main: css({ display: 'flex', flex: 1, minHeight: 0 }),
  // Beside the chart it keeps its width; below it (narrow panels) it shrinks and scrolls.
  side: css({ overflowY: 'auto', overflowX: 'hidden', minHeight: 0 }),
  footer: css({
    fontSize: theme.typography.bodySmall.fontSize,
    color: theme.colors.text.secondary,
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
  }),
  warn: css({ color: theme.colors.warning.text }),
  center: css({
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    justifyContent: 'center',
    gap: theme.spacing(1),
    padding: theme.spacing(2),
  }),
});
