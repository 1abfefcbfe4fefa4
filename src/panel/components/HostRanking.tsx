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
          <th className="num">Now</th>
          <th className="num">Peak</th>
          <th className="num">Alerts</th>
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
            <td className="host" title={h.instance}>
              {h.instance}
            </td>
            <td className="num">{pct(h.currentRisk)}</td>
            <td className="num">{pct(h.peakRisk)}</td>
            <td className="num">{h.episodes.length}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

// A fixed layout: long instance names (host:port, FQDNs) are cut with an ellipsis (full name on
// hover) instead of wrapping or pushing the risk columns out of the panel.
const getStyles = (theme: GrafanaTheme2) => ({
  table: css({
    width: '100%',
    tableLayout: 'fixed',
    fontSize: theme.typography.bodySmall.fontSize,
    'th, td': { padding: theme.spacing(0.25, 0.5), textAlign: 'left', whiteSpace: 'nowrap' },
    th: { color: theme.colors.text.secondary, fontWeight: theme.typography.fontWeightMedium },
    '.host': { overflow: 'hidden', textOverflow: 'ellipsis' },
    '.num': { textAlign: 'right', fontVariantNumeric: 'tabular-nums' },
    'th.num': { width: '4.2em' },
  }),
  above: css({ color: theme.colors.error.text, fontWeight: theme.typography.fontWeightBold }),
});
