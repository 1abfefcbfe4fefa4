import React, { useMemo, useState } from 'react';
import { css } from '@emotion/css';
import { dateTimeFormat, GrafanaTheme2 } from '@grafana/data';
import { Slider, useStyles2 } from '@grafana/ui';
import { AlertingRule } from '../../model/risk/alertEpisodes';
import { HostTimeline, previewThreshold } from '../riskView';
import { panelTestIds } from '../testIds';

/**
 * "What would this threshold have raised?" on the history shown: drag the slider, see how many
 * alert episodes, on which hosts and when — before changing the alert rule.
 */
export function ThresholdPreview({
  hosts,
  rule,
  initial,
}: {
  hosts: HostTimeline[];
  rule: AlertingRule;
  initial: number;
}) {
  const s = useStyles2(getStyles);
  const [threshold, setThreshold] = useState(initial);
  const preview = useMemo(() => previewThreshold(hosts, rule, threshold), [hosts, rule, threshold]);
  return (
    <div
      className={s.wrap}
      data-testid={panelTestIds.preview}
      data-threshold={threshold}
      data-episodes={preview.episodes.length}
    >
      <div className={s.row}>
        <span>Preview threshold</span>
        <div className={s.slider} data-testid={panelTestIds.previewSlider}>
          <Slider
            inputId="sentinel-threshold-preview"
            min={0.05}
            max={0.99}
            step={0.01}
            value={threshold}
            onChange={setThreshold}
          />
        </div>
      </div>
      <div>
        {preview.episodes.length === 0
          ? `At ${threshold.toFixed(2)} no alert would have fired in this range.`
          : `At ${threshold.toFixed(2)}: ${preview.episodes.length} alert${preview.episodes.length === 1 ? '' : 's'} on ${new Set(preview.episodes.map((e) => e.instance)).size} host(s).`}
      </div>
      <ul className={s.list}>
        {preview.episodes.slice(0, 8).map((e) => (
          <li key={`${e.instance}-${e.firedMs}`}>
            {dateTimeFormat(e.firedMs)} · {e.instance} · peak {(e.peakRisk * 100).toFixed(0)}%
          </li>
        ))}
        {preview.episodes.length > 8 && <li>… and {preview.episodes.length - 8} more</li>}
      </ul>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  wrap: css({ fontSize: theme.typography.bodySmall.fontSize, padding: theme.spacing(0.5, 1) }),
  // Label above the slider: beside it, the slider and its number box overflow a narrow side column.
  row: css({ display: 'flex', flexDirection: 'column', alignItems: 'stretch', gap: theme.spacing(0.5) }),
  slider: css({ width: '100%', paddingRight: theme.spacing(1) }),
  list: css({ margin: 0, paddingLeft: theme.spacing(2), color: theme.colors.text.secondary }),
});
