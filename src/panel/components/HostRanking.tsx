import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import { RankedHost } from '../riskView';
import { panelTestIds } from '../testIds';

const pct = (r: number) => (Number.isFinite(r) ? `${(r * 100).toFixed(1)}%` : '—');

/** The hosts drawn, in the panel's order, with current and peak risk and their alert count. */
export function HostRanking({ hosts, threshold }: { hosts: RankedHost[]; threshold: number }) {
  const s = useStyles2(getStyles);
  return (
    <table className={s.table} data-testid={panelTestIds.ranking}>
      <thead>
        <tr>
          <th>Host</th>
          <th>Now</th>
          <th>Peak</th>
          <th>Alerts</th>
        </tr>
      </thead>
      <tbody>
        {hosts.map((h) => (
          <tr
            key={h.instance}
            data-testid={panelTestIds.rankingRow}
            data-instance={h.instance}
            data-current-risk={h.currentRisk}
            data-above-threshold={h.currentRisk >= threshold}
            className={h.currentRisk >= threshold ? s.above : undefined}
          >
            <td>{h.instance}</td>
            <td>{pct(h.currentRisk)}</td>
            <td>{pct(h.peakRisk)}</td>
            <td>{h.episodes.length}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  table: css({
    width: '100%',
    fontSize: theme.typography.bodySmall.fontSize,
    'th, td': { padding: theme.spacing(0.25, 1), textAlign: 'left' },
    th: { color: theme.colors.text.secondary, fontWeight: theme.typography.fontWeightMedium },
  }),
  above: css({ color: theme.colors.error.text, fontWeight: theme.typography.fontWeightBold }),
});
