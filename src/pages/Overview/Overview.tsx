import React from 'react';
import { PluginPage } from '@grafana/runtime';
import { Alert, LinkButton, Stack } from '@grafana/ui';
import { testIds } from '../../components/testIds';
import { PLUGIN_ID } from '../../constants';

/**
 * The fleet page. Until the risk engine ships, it says so plainly and points to what works
 * today (the datasource and its configuration) instead of showing placeholder numbers.
 */
function Overview() {
  return (
    <PluginPage>
      <div data-testid={testIds.overview.container}>
        <Stack direction="column" gap={2}>
          <Alert severity="info" title="Fleet risk arrives with the risk engine">
            This version queries Prometheus-compatible servers through the Sentinel risk datasource. The ranked fleet
            view, host drill-down and models pages arrive with the failure-risk model.
          </Alert>
          <div>
            <LinkButton
              data-testid={testIds.overview.configLink}
              href={`/plugins/${PLUGIN_ID}`}
              icon="cog"
              variant="secondary"
            >
              Configuration
            </LinkButton>
          </div>
        </Stack>
      </div>
    </PluginPage>
  );
}

export default Overview;
