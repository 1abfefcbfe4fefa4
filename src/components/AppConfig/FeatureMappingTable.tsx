import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Badge, Button, TextArea, useStyles2 } from '@grafana/ui';
import { describeFeatureCheck, FeatureCheck } from './featureCheck';
import { MODEL_FEATURES } from './featureQueries';
import { configTestIds } from './testIds';

interface Props {
  templates: Record<string, string>;
  checks: Record<string, FeatureCheck>;
  hostSelector: string;
  onChange: (name: string, template: string) => void;
  onReset: (name: string) => void;
}

/** One row per model feature: its PromQL template (editable), whether it differs from the model's, and its test result. */
export function FeatureMappingTable({ templates, checks, hostSelector, onChange, onReset }: Props) {
  const styles = useStyles2(getStyles);
  return (
    <table className={styles.table} data-testid={configTestIds.featureTable}>
      <thead>
        <tr>
          <th>Feature</th>
          <th>PromQL template ($selector = host matchers, $rate = rate window)</th>
          <th>Test</th>
        </tr>
      </thead>
      <tbody>
        {MODEL_FEATURES.map((f) => {
          const template = templates[f.name] ?? f.promql;
          const overridden = template.trim() !== f.promql;
          const check = checks[f.name];
          return (
            <tr key={f.name}>
              <td className={styles.name}>
                <code>{f.name}</code>
                <div className={styles.description}>{f.description}</div>
                <span data-testid={configTestIds.featureState(f.name)}>
                  {overridden ? (
                    <Badge color="orange" text="overridden" />
                  ) : (
                    <Badge color="blue" text="model default" />
                  )}
                </span>
              </td>
              <td>
                <TextArea
                  aria-label={`PromQL template of ${f.name}`}
                  data-testid={configTestIds.featureTemplate(f.name)}
                  className={styles.template}
                  rows={2}
                  value={template}
                  onChange={(e) => onChange(f.name, e.currentTarget.value)}
                />
                <Button
                  size="sm"
                  variant="secondary"
                  fill="text"
                  icon="history"
                  disabled={!overridden}
                  data-testid={configTestIds.featureReset(f.name)}
                  onClick={() => onReset(f.name)}
                >
                  Reset to the model&apos;s query
                </Button>
              </td>
              <td className={styles.check} data-testid={configTestIds.featureCheck(f.name)}>
                {check && (
                  <span className={checkClass(styles, check)}>{describeFeatureCheck(check, hostSelector)}</span>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function checkClass(styles: ReturnType<typeof getStyles>, check: FeatureCheck): string {
  return check.kind === 'ok' ? styles.ok : check.kind === 'error' ? styles.error : styles.warning;
}

const getStyles = (theme: GrafanaTheme2) => ({
  table: css({
    width: '100%',
    borderCollapse: 'collapse',
    marginBottom: theme.spacing(2),
    'th, td': {
      padding: theme.spacing(1),
      borderBottom: `1px solid ${theme.colors.border.weak}`,
      verticalAlign: 'top',
      textAlign: 'left',
    },
  }),
  name: css({ width: '22%' }),
  description: css({ color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize }),
  template: css({ fontFamily: theme.typography.fontFamilyMonospace, fontSize: theme.typography.bodySmall.fontSize }),
  check: css({ width: '26%', fontSize: theme.typography.bodySmall.fontSize, wordBreak: 'break-word' }),
  ok: css({ color: theme.colors.success.text }),
  warning: css({ color: theme.colors.warning.text }),
  error: css({ color: theme.colors.error.text }),
});
