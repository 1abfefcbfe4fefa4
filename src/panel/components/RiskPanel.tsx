import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2, PanelProps } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import { testIds } from '../../components/testIds';
import { latestValues } from '../latestValues';
import { RiskPanelOptions } from '../types';

type Props = PanelProps<RiskPanelOptions>;

/**
 * Until the model runs in the panel, it lists the newest value of each series it is given,
 * highest first, marking those at or above the threshold — the real numbers, never an invented risk.
 */
export function RiskPanel({ data, options, width, height }: Props) {
  const s = useStyles2(getStyles);
  const values = latestValues(data.series);
  if (values.length === 0) {
    return (
      <div data-testid={testIds.riskPanel.noData} className={s.empty} style={{ width, height }}>
        No data: the queries returned no numeric series for this time range.
      </div>
    );
  }
  return (
    <div data-testid={testIds.riskPanel.container} className={s.container} style={{ width, height }}>
      <div data-testid={testIds.riskPanel.threshold} className={s.caption}>
        Threshold {options.threshold.toFixed(2)} · horizon {options.horizonMinutes} min
      </div>
      {values.map((latest, index) => (
        // Two frames may share a display name, so the position keeps keys unique.
        <div
          key={`${index}-${latest.name}`}
          data-testid={testIds.riskPanel.series}
          data-above-threshold={latest.value >= options.threshold}
          className={latest.value >= options.threshold ? s.above : s.row}
        >
          <span>{latest.name}</span>
          <span>{latest.value.toFixed(3)}</span>
        </div>
      ))}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  container: css({ overflow: 'auto', padding: theme.spacing(0.5) }),
  caption: css({ color: theme.colors.text.secondary, marginBottom: theme.spacing(0.5) }),
  row: css({ display: 'flex', justifyContent: 'space-between' }),
  above: css({
    display: 'flex',
    justifyContent: 'space-between',
    color: theme.colors.error.text,
    fontWeight: theme.typography.fontWeightMedium,
  }),
  empty: css({ display: 'flex', alignItems: 'center', justifyContent: 'center', color: theme.colors.text.secondary }),
});
