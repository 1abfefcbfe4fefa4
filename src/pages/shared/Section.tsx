import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';

/** A titled box in the panels' look, for the pages' own (non-panel) scene objects. */
export function Section({ title, children, testId }: { title: string; children: React.ReactNode; testId?: string }) {
  const s = useStyles2(getStyles);
  return (
    <section className={s.box} data-testid={testId}>
      <h3 className={s.title}>{title}</h3>
      {children}
    </section>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  box: css({
    width: '100%',
    height: '100%',
    overflow: 'auto',
    padding: theme.spacing(1, 2),
    background: theme.colors.background.primary,
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
  }),
  title: css({
    fontSize: theme.typography.h5.fontSize,
    margin: theme.spacing(0, 0, 1, 0),
  }),
});

export function formatRisk(risk: number): string {
  return Number.isFinite(risk) ? `${(risk * 100).toFixed(1)} %` : '—';
}
