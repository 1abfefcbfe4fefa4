import React from 'react';
import { SceneComponentProps, CustomVariable, sceneGraph } from '@grafana/scenes';
import { config } from '@grafana/runtime';
import { Alert, Badge, Button, LoadingPlaceholder, Stack } from '@grafana/ui';
import { testIds } from '../../components/testIds';
import { AsyncSceneObject, AsyncSceneState } from '../shared/AsyncSceneObject';
import { Section } from '../shared/Section';
import {
  activateModel,
  describeRequestError,
  fetchModels,
  ModelsResponse,
  ModelSummary,
  rollbackModel,
} from '../shared/sentinelApi';
import { formatFigure, formatKindFigures, modelFigures, versionsQuery } from './modelFigures';

export const COMPARE_VARS = ['modelA', 'modelB'] as const;

/** The backend lets org admins change the active model (pkg/plugin/resources.go isAdmin). */
export function canChangeModels(user: { orgRole?: string } | undefined): boolean {
  return user?.orgRole === 'Admin';
}

type Action =
  { status: 'running'; message: string } | { status: 'done'; message: string } | { status: 'error'; message: string };

interface ModelsListState extends AsyncSceneState<ModelsResponse> {
  action?: Action;
}

/** The backend's model versions (GET /models) with activate and rollback for admins. */
export class ModelsList extends AsyncSceneObject<ModelsResponse, ModelsListState> {
  static Component = ModelsListRenderer;
  protected readonly dependsOnTime = false;

  protected fetch(datasourceUid: string): Promise<ModelsResponse> {
    return fetchModels(datasourceUid);
  }

  /** Offers the loaded versions in the comparison's variables: the active one against another. */
  protected onLoaded(models: ModelsResponse): void {
    const versions = models.models.filter((m) => !m.error).map((m) => m.version);
    const other = versions.find((v) => v !== models.active) ?? models.active;
    COMPARE_VARS.forEach((name, i) => {
      const variable = sceneGraph.lookupVariable(name, this);
      if (variable instanceof CustomVariable) {
        const query = versionsQuery(versions);
        const current = String(variable.getValue() ?? '');
        const wanted = versions.includes(current) ? current : i === 0 ? models.active : other;
        variable.setState({ query, value: wanted, text: wanted });
        variable.refreshOptions();
      }
    });
  }

  public activateVersion(version: string): Promise<void> {
    return this.change(`Activating ${version}`, () => activateModel(this.datasourceUid(), version));
  }

  public rollback(): Promise<void> {
    return this.change('Rolling back', () => rollbackModel(this.datasourceUid()));
  }

  private async change(what: string, request: () => Promise<string>): Promise<void> {
    this.setState({ action: { status: 'running', message: `${what}…` } });
    try {
      const active = await request();
      this.setState({ action: { status: 'done', message: `${active} is now the active model.` } });
      await this.reload();
    } catch (err) {
      this.setState({ action: { status: 'error', message: describeRequestError(err) } });
    }
  }
}

function ModelRow({
  model,
  isAdmin,
  busy,
  onActivate,
}: {
  model: ModelSummary;
  isAdmin: boolean;
  busy: boolean;
  onActivate: () => void;
}) {
  const figures = modelFigures(model.evaluation);
  return (
    <tr data-testid={testIds.models.row}>
      <td>
        {model.version} {model.active && <Badge text="active" color="green" />}
        {model.error && <div style={{ color: 'var(--error-text-color, #d10e5c)' }}>{model.error}</div>}
      </td>
      <td title={model.contentHash}>{model.contentHash.slice(0, 12)}</td>
      <td>{model.stepSeconds ? `${model.stepSeconds} s` : '—'}</td>
      <td>{model.horizon || '—'}</td>
      <td>{model.alerting ? model.alerting.threshold : '—'}</td>
      <td title={figures?.source}>{formatFigure(figures?.eventPrecision)}</td>
      <td>{formatFigure(figures?.eventRecall)}</td>
      <td>{formatFigure(figures?.falsePositiveRate)}</td>
      <td>{formatFigure(figures?.medianLeadMinutes, 1)}</td>
      <td data-testid={testIds.models.leadByKind}>
        {figures?.byKind?.length ? figures.byKind.map((k) => <div key={k.kind}>{formatKindFigures(k)}</div>) : '—'}
      </td>
      <td>
        {!model.active && !model.error && (
          <Button
            size="sm"
            variant="secondary"
            data-testid={testIds.models.activate}
            disabled={!isAdmin || busy}
            onClick={onActivate}
          >
            Activate
          </Button>
        )}
      </td>
    </tr>
  );
}

function ModelsListRenderer({ model }: SceneComponentProps<ModelsList>) {
  const { load, action } = model.useState();
  const isAdmin = canChangeModels(config.bootData?.user);
  const busy = action?.status === 'running';
  return (
    <Section title="Model versions" testId={testIds.models.list}>
      {load.status === 'error' && (
        <Alert data-testid={testIds.models.loadError} severity="error" title="Could not list the models">
          {load.error}
        </Alert>
      )}
      {load.status === 'loading' && !load.value && <LoadingPlaceholder text="Listing models…" />}
      {action?.status === 'error' && (
        <Alert data-testid={testIds.models.actionError} severity="error" title="The backend refused the change">
          {action.message}
        </Alert>
      )}
      {action?.status === 'done' && (
        <Alert data-testid={testIds.models.actionDone} severity="success" title="Active model changed">
          {action.message}
        </Alert>
      )}
      {load.status !== 'error' && load.value && (
        <>
          <table style={{ width: '100%' }}>
            <thead>
              <tr>
                <th>Version</th>
                <th>Content hash</th>
                <th>Step</th>
                <th>Horizon</th>
                <th>Alert threshold</th>
                <th>Event precision</th>
                <th>Event recall</th>
                <th>FPR</th>
                <th>Median lead (min)</th>
                <th title="Failures caught of those in the held-out scenarios, and the median warning before each kind of failure">
                  Caught · lead by failure kind
                </th>
                <th />
              </tr>
            </thead>
            <tbody>
              {load.value.models.map((m) => (
                <ModelRow
                  key={m.version}
                  model={m}
                  isAdmin={isAdmin}
                  busy={busy}
                  onActivate={() => model.activateVersion(m.version)}
                />
              ))}
            </tbody>
          </table>
          <Stack direction="row" gap={1} alignItems="center">
            <Button
              size="sm"
              variant="secondary"
              icon="history"
              data-testid={testIds.models.rollback}
              disabled={!isAdmin || busy}
              onClick={() => model.rollback()}
            >
              Roll back
            </Button>
            {!isAdmin && (
              <span data-testid={testIds.models.adminOnly}>Only organization admins can change the active model.</span>
            )}
          </Stack>
        </>
      )}
    </Section>
  );
}
