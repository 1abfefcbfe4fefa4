import React, { useState } from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Alert, Button, Stack, useStyles2 } from '@grafana/ui';
import { alertRuleUrl, AlertRulesInstall, DashboardsInstall, installAlertRules, installDashboards } from './install';
import { configTestIds } from './testIds';

/** What the install buttons need from the page's fields, or why they cannot run yet. */
export type InstallTargets =
  | { ok: true; prometheusUid: string; sentinelUid: string; hostSelector: string; threshold: number }
  | { ok: false; error: string };

interface Props {
  /** Read when a button is pressed, so the install uses the fields as they are then (saved or not). */
  targets: () => InstallTargets;
}

/** "Install dashboards" and "Install alert rules": what was created, with links, or exactly what failed. */
export function InstallSection({ targets }: Props) {
  const [busy, setBusy] = useState<'dashboards' | 'alertRules' | undefined>();
  const [dashboards, setDashboards] = useState<DashboardsInstall | undefined>();
  const [alertRules, setAlertRules] = useState<AlertRulesInstall | undefined>();
  const [error, setError] = useState<string | undefined>();

  const run = async (what: 'dashboards' | 'alertRules') => {
    const t = targets();
    setError(undefined);
    if (!t.ok) {
      setError(t.error);
      return;
    }
    setBusy(what);
    try {
      if (what === 'dashboards') {
        setDashboards(await installDashboards(t));
      } else {
        setAlertRules(
          await installAlertRules({ sentinelUid: t.sentinelUid, hostSelector: t.hostSelector, threshold: t.threshold })
        );
      }
    } catch (err) {
      setError(`${what === 'dashboards' ? 'Dashboards' : 'Alert rules'} not installed: ${(err as Error).message}`);
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <>
      <Stack gap={1}>
        <Button
          type="button"
          variant="secondary"
          icon="apps"
          disabled={busy !== undefined}
          data-testid={configTestIds.installDashboards}
          onClick={() => run('dashboards')}
        >
          {busy === 'dashboards' ? 'Installing dashboards…' : 'Install dashboards'}
        </Button>
        <Button
          type="button"
          variant="secondary"
          icon="bell"
          disabled={busy !== undefined}
          data-testid={configTestIds.installAlertRules}
          onClick={() => run('alertRules')}
        >
          {busy === 'alertRules' ? 'Installing alert rules…' : 'Install alert rules'}
        </Button>
      </Stack>
      {error && (
        <Alert severity="error" title="Not installed" data-testid={configTestIds.installError}>
          {error}
        </Alert>
      )}
      {dashboards && <DashboardsResult result={dashboards} />}
      {alertRules && <AlertRulesResult result={alertRules} />}
    </>
  );
}

function DashboardsResult({ result }: { result: DashboardsInstall }) {
  const failed = result.dashboards.filter((d) => !d.ok);
  return (
    <Alert
      severity={failed.length === 0 ? 'success' : 'error'}
      title={
        failed.length === 0
          ? 'Dashboards installed'
          : `${failed.length} of ${result.dashboards.length} dashboards not installed`
      }
      data-testid={configTestIds.installDashboardsResult}
    >
      <div>
        Folder “{result.folder.title}” ({result.folder.uid}, {result.folderCreated ? 'created' : 'existing'})
      </div>
      <ul>
        {result.dashboards.map((d) => (
          <li key={d.uid}>
            {d.ok && d.url ? (
              <>
                <GrafanaLink href={d.url}>{d.title}</GrafanaLink> (uid {d.uid})
              </>
            ) : (
              <>
                {d.title} (uid {d.uid}): {d.error}
              </>
            )}
          </li>
        ))}
      </ul>
    </Alert>
  );
}

function AlertRulesResult({ result }: { result: AlertRulesInstall }) {
  if (result.status === 'provisionedByFile') {
    return (
      <Alert
        severity="info"
        title="Alert rule already provisioned from a file"
        data-testid={configTestIds.installAlertRulesResult}
      >
        “{result.title}” (uid {result.ruleUid}, group {result.group}) was loaded from a provisioning file, and Grafana
        does not let the API change it. Edit provisioning/alerting/failure-risk.yaml instead.{' '}
        <GrafanaLink href={alertRuleUrl(result.ruleUid)}>Open the rule</GrafanaLink>
      </Alert>
    );
  }
  return (
    <Alert severity="success" title="Alert rules installed" data-testid={configTestIds.installAlertRulesResult}>
      <div>
        Rule group “{result.group}” in folder “{result.folder.title}” ({result.folder.uid},{' '}
        {result.folderCreated ? 'created' : 'existing'})
      </div>
      <ul>
        {result.rules.map((r) => (
          <li key={r.uid}>
            <GrafanaLink href={alertRuleUrl(r.uid)}>{r.title}</GrafanaLink> (uid {r.uid})
          </li>
        ))}
      </ul>
    </Alert>
  );
}

/**
 * A link inside Grafana (dashboard, alert rule). A plain anchor, not TextLink: TextLink routes
 * internal links through the router of @grafana/ui's own react-router copy, and a full page load
 * of a freshly installed dashboard is what we want anyway.
 */
function GrafanaLink({ href, children }: { href: string; children: React.ReactNode }) {
  const styles = useStyles2(getLinkStyles);
  return (
    <a href={href} className={styles.link}>
      {children}
    </a>
  );
}

const getLinkStyles = (theme: GrafanaTheme2) => ({
  link: css({ color: theme.colors.text.link, textDecoration: 'underline' }),
});
