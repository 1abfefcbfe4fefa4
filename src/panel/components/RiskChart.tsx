import React, { useCallback, useMemo, useState } from 'react';
import uPlot, { AlignedData } from 'uplot';
import { css } from '@emotion/css';
import { dateTimeFormat, GrafanaTheme2 } from '@grafana/data';
import {
  AxisPlacement,
  ScaleDirection,
  ScaleOrientation,
  UPlotChart,
  UPlotConfigBuilder,
  useStyles2,
  useTheme2,
} from '@grafana/ui';
import { TimelineMark } from '../data/alertHistory';
import { RankedHost } from '../riskView';
import { panelTestIds } from '../testIds';

interface Props {
  hosts: RankedHost[];
  threshold: number;
  horizonMinutes: number;
  marks: TimelineMark[];
  showEpisodes: boolean;
  fromMs: number;
  toMs: number;
  width: number;
  height: number;
}

interface Overlay {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Series colours from the theme's classic palette, stable per position in the ranking. */
function colour(theme: GrafanaTheme2, i: number): string {
  const palette = theme.visualization.palette;
  return theme.visualization.getColorByName(palette[i % palette.length]);
}

/**
 * Per-host risk lines (uPlot through @grafana/ui), the threshold, the model's predicted-failure
 * episodes shaded with their horizon window, and alert/annotation marks. Episodes and marks are DOM
 * overlays positioned from uPlot's scales, so they stay crisp, carry titles and can be tested.
 */
export function RiskChart({
  hosts,
  threshold,
  horizonMinutes,
  marks,
  showEpisodes,
  fromMs,
  toMs,
  width,
  height,
}: Props) {
  const theme = useTheme2();
  const s = useStyles2(getStyles);
  const [plot, setPlot] = useState<uPlot | null>(null);
  const [hover, setHover] = useState<{ idx: number; left: number; top: number } | null>(null);
  const [, redraw] = useState(0);

  const timestamps = useMemo(() => hosts[0]?.timestampsMs ?? [], [hosts]);
  const data = useMemo<AlignedData>(
    () => [timestamps, ...hosts.map((h) => h.risk.map((r) => (Number.isFinite(r) ? r : null)))],
    [hosts, timestamps]
  );

  const config = useMemo(() => {
    const builder = new UPlotConfigBuilder();
    builder.addScale({
      scaleKey: 'x',
      isTime: true,
      orientation: ScaleOrientation.Horizontal,
      direction: ScaleDirection.Right,
      range: () => [fromMs, toMs],
    });
    builder.addAxis({ scaleKey: 'x', isTime: true, placement: AxisPlacement.Bottom, theme });
    builder.addScale({
      scaleKey: 'risk',
      orientation: ScaleOrientation.Vertical,
      direction: ScaleDirection.Up,
      range: () => [0, 1],
    });
    builder.addAxis({
      scaleKey: 'risk',
      placement: AxisPlacement.Left,
      theme,
      formatValue: (v: number) => `${Math.round(v * 100)}%`,
    });
    hosts.forEach((h, i) =>
      builder.addSeries({
        scaleKey: 'risk',
        theme,
        lineColor: colour(theme, i),
        lineWidth: 1.5,
        showPoints: 'never' as never,
        spanNulls: false,
      })
    );
    builder.addHook('draw', (u) => {
      // Threshold line on the canvas, under the overlays.
      const y = u.valToPos(threshold, 'risk', true);
      const ctx = u.ctx;
      ctx.save();
      ctx.strokeStyle = theme.colors.error.main;
      ctx.setLineDash([6, 4]);
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.moveTo(u.bbox.left, y);
      ctx.lineTo(u.bbox.left + u.bbox.width, y);
      ctx.stroke();
      ctx.restore();
      redraw((n) => n + 1);
    });
    builder.addHook('setCursor', (u) => {
      const idx = u.cursor.idx;
      setHover(
        idx === null || idx === undefined || u.cursor.left === undefined || u.cursor.left < 0
          ? null
          : { idx, left: u.cursor.left, top: u.cursor.top ?? 0 }
      );
    });
    return builder;
  }, [hosts, threshold, fromMs, toMs, theme]);

  const plotRef = useCallback((u: uPlot) => setPlot(u), []);
  const overlay = (startMs: number, endMs: number): Overlay | null => {
    if (!plot) {
      return null;
    }
    const bbox = plot.bbox;
    const ratio = devicePixelRatio || 1;
    const left = plot.valToPos(Math.max(startMs, fromMs), 'x');
    const right = plot.valToPos(Math.min(endMs, toMs), 'x');
    if (!(right >= left)) {
      return null;
    }
    return {
      left: left + bbox.left / ratio,
      top: bbox.top / ratio,
      width: Math.max(right - left, 2),
      height: bbox.height / ratio,
    };
  };
  const stepMs = timestamps.length > 1 ? timestamps[1] - timestamps[0] : 0;

  return (
    <div
      className={s.wrap}
      style={{ width, height }}
      data-testid={panelTestIds.chart}
      data-hosts={hosts.length}
      data-points={timestamps.length}
    >
      <UPlotChart config={config} data={data} width={width} height={height} plotRef={plotRef} />
      {showEpisodes &&
        hosts.flatMap((h, i) =>
          h.episodes.map((e) => {
            const firedMs = h.timestampsMs[e.firedIndex];
            const box = overlay(h.timestampsMs[Math.max(e.pendingIndex, 0)], h.timestampsMs[e.endIndex] + stepMs);
            const windowBox = overlay(firedMs, firedMs + horizonMinutes * 60_000);
            const title = `${h.instance}: predicted failure — alert from ${dateTimeFormat(firedMs)} (peak risk ${(e.peakRisk * 100).toFixed(0)}%), failure expected by ${dateTimeFormat(firedMs + horizonMinutes * 60_000)}`;
            return (
              <React.Fragment key={`${h.instance}-${e.firedIndex}`}>
                {box && (
                  <div
                    className={s.episode}
                    style={{ ...box, background: colour(theme, i), opacity: 0.15 }}
                    title={title}
                    data-testid={panelTestIds.episode}
                    data-instance={h.instance}
                    data-fired-ms={firedMs}
                    data-end-ms={h.timestampsMs[e.endIndex]}
                  />
                )}
                {windowBox && (
                  <div className={s.horizon} style={{ ...windowBox, borderColor: colour(theme, i) }} title={title} />
                )}
              </React.Fragment>
            );
          })
        )}
      {marks.map((m, i) => {
        const box = overlay(m.timeMs, m.timeEndMs ?? m.timeMs);
        return box ? (
          <div
            key={`${m.source}-${m.timeMs}-${i}`}
            className={m.source === 'alert-history' ? s.alertMark : s.dashMark}
            style={{ left: box.left, top: box.top, height: box.height, width: m.timeEndMs ? box.width : 2 }}
            title={`${dateTimeFormat(m.timeMs)} ${m.text}`}
            data-testid={panelTestIds.annotation}
            data-source={m.source}
            data-time-ms={m.timeMs}
          />
        ) : null;
      })}
      {hover && plot && (
        <HoverTooltip
          hosts={hosts}
          marks={marks}
          stepMs={stepMs}
          idx={hover.idx}
          left={hover.left + plot.bbox.left / (devicePixelRatio || 1)}
          top={hover.top}
          theme={theme}
        />
      )}
    </div>
  );
}

interface TooltipProps {
  hosts: RankedHost[];
  marks: TimelineMark[];
  stepMs: number;
  idx: number;
  left: number;
  top: number;
  theme: GrafanaTheme2;
}

/** The hovered time: the riskiest hosts with their top contributing metrics, alert state, and nearby marks. */
function HoverTooltip({ hosts, marks, stepMs, idx, left, top, theme }: TooltipProps) {
  const s = useStyles2(getStyles);
  const t = hosts[0]?.timestampsMs[idx];
  if (t === undefined) {
    return null;
  }
  const near = marks.filter(
    (m) =>
      Math.abs(m.timeMs - t) <= Math.max(stepMs, 60_000) ||
      (m.timeEndMs !== undefined && m.timeMs <= t && t <= m.timeEndMs)
  );
  const rows = hosts
    .map((h, i) => ({
      h,
      i,
      r: h.risk[idx],
      alerting: h.episodes.some((e) => e.pendingIndex <= idx && idx <= e.endIndex),
    }))
    .filter((x) => Number.isFinite(x.r))
    .sort((a, b) => b.r - a.r)
    .slice(0, 5);
  return (
    <div
      className={s.tooltip}
      style={{ left: left + 12, top: top + 12 }}
      data-testid={panelTestIds.tooltip}
      data-time-ms={t}
    >
      <div className={s.tooltipTime}>{dateTimeFormat(t)}</div>
      {rows.map(({ h, i, r, alerting }) => (
        <div key={h.instance} data-instance={h.instance} data-alerting={alerting}>
          <span style={{ color: colour(theme, i) }}>■</span> <strong>{h.instance}</strong> {(r * 100).toFixed(1)}%
          {alerting && <span className={s.alerting}> predicted failure</span>}
          {(h.contributions[idx] ?? []).length > 0 && (
            <div className={s.contrib}>
              {(h.contributions[idx] ?? []).map((c) => (
                <span key={c.feature} data-feature={c.feature}>
                  {c.feature} {(c.share * 100).toFixed(0)}%
                </span>
              ))}
            </div>
          )}
        </div>
      ))}
      {near.map((m) => (
        <div key={`${m.source}-${m.timeMs}`} className={s.mark} data-mark-source={m.source}>
          {m.source === 'alert-history' ? 'Alert' : 'Annotation'} {dateTimeFormat(m.timeMs)}: {m.text}
        </div>
      ))}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  wrap: css({ position: 'relative' }),
  // Overlays let the pointer through to uPlot, whose cursor drives the tooltip.
  episode: css({ position: 'absolute', pointerEvents: 'none' }),
  horizon: css({
    position: 'absolute',
    borderLeft: '2px solid',
    borderRight: '1px dashed',
    pointerEvents: 'none',
    opacity: 0.6,
  }),
  alertMark: css({ position: 'absolute', background: theme.colors.error.main, opacity: 0.8, pointerEvents: 'none' }),
  dashMark: css({ position: 'absolute', background: theme.colors.info.main, opacity: 0.6, pointerEvents: 'none' }),
  tooltip: css({
    position: 'absolute',
    zIndex: 10,
    pointerEvents: 'none',
    background: theme.colors.background.secondary,
    border: `1px solid ${theme.colors.border.medium}`,
    borderRadius: theme.shape.radius.default,
    padding: theme.spacing(1),
    fontSize: theme.typography.bodySmall.fontSize,
    boxShadow: theme.shadows.z2,
    minWidth: 200,
  }),
  tooltipTime: css({ color: theme.colors.text.secondary, marginBottom: theme.spacing(0.5) }),
  alerting: css({ color: theme.colors.error.text, fontWeight: theme.typography.fontWeightMedium }),
  mark: css({
    color: theme.colors.text.secondary,
    borderTop: `1px solid ${theme.colors.border.weak}`,
    marginTop: theme.spacing(0.5),
  }),
  contrib: css({
    display: 'flex',
    gap: theme.spacing(1),
    color: theme.colors.text.secondary,
    paddingLeft: theme.spacing(2),
  }),
});
