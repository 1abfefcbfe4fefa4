import React from 'react';
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { QueryEditor, switchQueryKind } from './QueryEditor';
import { testIds } from '../testIds';
import { DataSource } from '../datasource';
import { SentinelQuery, SentinelRiskQuery } from '../types';

const getModels = jest.fn();
jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getBackendSrv: () => ({ get: getModels }),
}));

const MODELS = {
  active: 'v2',
  models: [
    { version: 'v1', name: 'default', horizon: '15m0s', active: false },
    { version: 'v2', name: 'default', horizon: '15m0s', active: true },
  ],
};

function getDefaultProps(query: Partial<SentinelQuery> = {}) {
  return {
    datasource: { uid: 'sentinel-uid' } as DataSource,
    query: { refId: 'A', expr: 'up', ...query } as SentinelQuery,
    onChange: jest.fn<void, [SentinelQuery]>(),
    onRunQuery: jest.fn(),
  };
}

function riskProps(query: Partial<SentinelRiskQuery> = {}) {
  const props = getDefaultProps();
  props.query = { refId: 'A', queryType: 'risk', hostSelector: 'job="node"', output: 'risk', ...query };
  return props;
}

/** Renders and lets the model list request settle, so React sees no update outside act(). */
async function renderEditor(props: ReturnType<typeof getDefaultProps>) {
  const view = render(<QueryEditor {...props} />);
  await act(async () => {});
  return view;
}

const lastQuery = (props: ReturnType<typeof getDefaultProps>) => props.onChange.mock.calls.at(-1)![0];

beforeEach(() => {
  getModels.mockReset();
  getModels.mockResolvedValue(MODELS);
});

describe('QueryEditor', () => {
  describe('PromQL', () => {
    it('changes the expression and runs the query on blur', () => {
      const props = getDefaultProps();
      render(<QueryEditor {...props} />);
      const expr = screen.getByTestId(testIds.queryEditor.expr);
      fireEvent.change(expr, { target: { value: 'node_load1' } });
      expect(props.onChange).toHaveBeenCalledWith({ refId: 'A', expr: 'node_load1' });
      expect(props.onRunQuery).not.toHaveBeenCalled();
      fireEvent.blur(expr);
      expect(props.onRunQuery).toHaveBeenCalledTimes(1);
    });

    it('keeps the step at least one second, and empty means the panel interval', () => {
      const props = getDefaultProps({ stepSeconds: 30 });
      render(<QueryEditor {...props} />);
      const step = screen.getByTestId(testIds.queryEditor.step);
      fireEvent.change(step, { target: { value: '15' } });
      expect(props.onChange).toHaveBeenLastCalledWith({ refId: 'A', expr: 'up', stepSeconds: 15 });
      fireEvent.change(step, { target: { value: '0' } });
      expect(props.onChange).toHaveBeenLastCalledWith({ refId: 'A', expr: 'up', stepSeconds: 1 });
      fireEvent.change(step, { target: { value: '' } });
      expect(props.onChange).toHaveBeenLastCalledWith({ refId: 'A', expr: 'up', stepSeconds: undefined });
    });

    it('switches to an instant query and runs it at once', () => {
      const props = getDefaultProps();
      render(<QueryEditor {...props} />);
      fireEvent.click(screen.getByTestId(testIds.queryEditor.instant));
      expect(props.onChange).toHaveBeenLastCalledWith({ refId: 'A', expr: 'up', instant: true });
      expect(props.onRunQuery).toHaveBeenCalledTimes(1);
    });

    it('shows no risk fields and asks the backend for nothing', () => {
      render(<QueryEditor {...getDefaultProps()} />);
      expect(screen.queryByTestId(testIds.queryEditor.hostSelector)).not.toBeInTheDocument();
      expect(getModels).not.toHaveBeenCalled();
    });
  });

  describe('switching the query type', () => {
    it('turns a PromQL query into a risk query over every host and runs it', async () => {
      const props = getDefaultProps({ stepSeconds: 30 });
      await renderEditor(props);
      fireEvent.click(
        within(screen.getByTestId(testIds.queryEditor.queryType)).getByRole('radio', { name: 'Failure risk' })
      );
      expect(lastQuery(props)).toMatchObject({ refId: 'A', queryType: 'risk', hostSelector: '', output: 'risk' });
      expect(props.onRunQuery).toHaveBeenCalledTimes(1);
    });

    it('keeps what was typed in each kind, so switching back and forth loses nothing', () => {
      const promql: SentinelQuery = { refId: 'B', expr: 'node_load5', stepSeconds: 60 };
      const risk = switchQueryKind({ ...promql }, 'risk');
      const edited = { ...risk, hostSelector: 'job="api"', output: 'events' } as SentinelRiskQuery;
      const back = switchQueryKind(edited, 'promql');
      expect(back).toMatchObject(promql);
      expect(back).not.toHaveProperty('queryType');
      expect(switchQueryKind(back, 'risk')).toMatchObject({
        queryType: 'risk',
        hostSelector: 'job="api"',
        output: 'events',
      });
    });

    it('gives a risk query switched to PromQL an expression the backend accepts', async () => {
      const props = riskProps();
      await renderEditor(props);
      fireEvent.click(within(screen.getByTestId(testIds.queryEditor.queryType)).getByRole('radio', { name: 'PromQL' }));
      const next = lastQuery(props);
      expect(next).toMatchObject({ refId: 'A', expr: 'node_load1' });
      expect(next.queryType).toBeUndefined();
    });

    it('does nothing when the current kind is clicked again', async () => {
      const props = riskProps();
      await renderEditor(props);
      fireEvent.click(
        within(screen.getByTestId(testIds.queryEditor.queryType)).getByRole('radio', { name: 'Failure risk' })
      );
      expect(props.onChange).not.toHaveBeenCalled();
      expect(props.onRunQuery).not.toHaveBeenCalled();
    });
  });

  describe('risk', () => {
    it('edits the host selector and runs the query on blur', async () => {
      const props = riskProps();
      await renderEditor(props);
      const hosts = screen.getByTestId(testIds.queryEditor.hostSelector);
      expect(hosts).toHaveValue('job="node"');
      fireEvent.change(hosts, { target: { value: 'instance=~"$host"' } });
      expect(lastQuery(props)).toMatchObject({ queryType: 'risk', hostSelector: 'instance=~"$host"' });
      expect(props.onRunQuery).not.toHaveBeenCalled();
      fireEvent.blur(hosts);
      expect(props.onRunQuery).toHaveBeenCalledTimes(1);
    });

    it('changes the output and runs at once', async () => {
      const props = riskProps();
      await renderEditor(props);
      fireEvent.click(
        within(screen.getByTestId(testIds.queryEditor.output)).getByRole('radio', { name: 'Risk + parts' })
      );
      expect(lastQuery(props)).toMatchObject({ output: 'components' });
      expect(props.onRunQuery).toHaveBeenCalledTimes(1);
    });

    it('shows top N only for contributions and top features, at least 1, empty for the default', async () => {
      // Controlled inputs: each change starts from the value in props, so start from a set one.
      const props = riskProps({ output: 'contributions', top: 4 });
      const view = await renderEditor(props);
      const top = screen.getByTestId(testIds.queryEditor.top);
      fireEvent.change(top, { target: { value: '5' } });
      expect(lastQuery(props)).toMatchObject({ top: 5 });
      fireEvent.change(top, { target: { value: '0' } });
      expect(lastQuery(props)).toMatchObject({ top: 1 });
      fireEvent.change(top, { target: { value: '' } });
      expect(lastQuery(props)).toHaveProperty('top', undefined);
      fireEvent.blur(top);
      expect(props.onRunQuery).toHaveBeenCalledTimes(1);

      view.rerender(<QueryEditor {...riskProps({ output: 'topFeatures' })} />);
      expect(screen.getByTestId(testIds.queryEditor.top)).toBeInTheDocument();
      view.rerender(<QueryEditor {...riskProps({ output: 'risk' })} />);
      expect(screen.queryByTestId(testIds.queryEditor.top)).not.toBeInTheDocument();
      expect(screen.queryByTestId(testIds.queryEditor.threshold)).not.toBeInTheDocument();
    });

    it('overrides the threshold for events only and says when it is not a probability', async () => {
      const props = riskProps({ output: 'events' });
      const view = await renderEditor(props);
      fireEvent.change(screen.getByTestId(testIds.queryEditor.threshold), { target: { value: '0.8' } });
      expect(lastQuery(props)).toMatchObject({ threshold: 0.8 });
      expect(screen.queryByText(/Threshold must be a probability/)).not.toBeInTheDocument();

      view.rerender(<QueryEditor {...riskProps({ output: 'events', threshold: 1.5 })} />);
      expect(screen.getByText(/Threshold must be a probability between 0 and 1/)).toBeInTheDocument();
    });

    it('drops the top and threshold an output does not read, because the backend checks them anyway', async () => {
      const base = { refId: 'A', queryType: 'risk', hostSelector: 'job="node"' };
      const fromEvents = riskProps({ output: 'events', threshold: 0.8, top: 20 });
      const view = await renderEditor(fromEvents);
      fireEvent.click(
        within(screen.getByTestId(testIds.queryEditor.output)).getByRole('radio', { name: 'Contributions' })
      );
      expect(lastQuery(fromEvents)).toEqual({ ...base, output: 'contributions', top: 20 });
      view.unmount();

      const fromContributions = riskProps({ output: 'contributions', threshold: 0.8, top: 20 });
      await renderEditor(fromContributions);
      fireEvent.click(
        within(screen.getByTestId(testIds.queryEditor.output)).getByRole('radio', { name: 'Failure events' })
      );
      expect(lastQuery(fromContributions)).toEqual({ ...base, output: 'events', threshold: 0.8 });
      fireEvent.click(within(screen.getByTestId(testIds.queryEditor.output)).getByRole('radio', { name: 'Risk' }));
      expect(lastQuery(fromContributions)).toEqual({ ...base, output: 'risk' });
    });

    it('sets the model version, empty meaning the active one', async () => {
      const props = riskProps({ modelVersion: 'v2' });
      await renderEditor(props);
      const version = screen.getByTestId(testIds.queryEditor.modelVersion);
      fireEvent.change(version, { target: { value: ' v1 ' } });
      expect(lastQuery(props)).toMatchObject({ modelVersion: 'v1' });
      fireEvent.change(version, { target: { value: '' } });
      expect(lastQuery(props)).toHaveProperty('modelVersion', undefined);
      fireEvent.blur(version);
      expect(props.onRunQuery).toHaveBeenCalledTimes(1);
    });

    it("suggests the backend's model versions, marking the active one", async () => {
      await renderEditor(riskProps());
      expect(getModels).toHaveBeenCalledWith(
        '/api/datasources/uid/sentinel-uid/resources/models',
        undefined,
        undefined,
        {
          showErrorAlert: false,
        }
      );
      const options = Array.from(screen.getByTestId(testIds.queryEditor.modelList).querySelectorAll('option'));
      expect(options.map((o) => [o.value, o.textContent])).toEqual([
        ['v1', 'horizon 15m0s'],
        ['v2', 'active, horizon 15m0s'],
      ]);
      expect(screen.getByTestId(testIds.queryEditor.modelVersion)).toHaveAttribute('placeholder', 'active (v2)');
      expect(screen.queryByTestId(testIds.queryEditor.modelListError)).not.toBeInTheDocument();
    });

    it('says when the model list cannot be loaded, and the field still takes a version', async () => {
      getModels.mockRejectedValue({ status: 502, data: { message: 'bad gateway' } });
      const props = riskProps();
      await renderEditor(props);
      expect(screen.getByTestId(testIds.queryEditor.modelListError)).toHaveTextContent(
        /Could not list the model versions \(502 bad gateway\); type a version/
      );
      fireEvent.change(screen.getByTestId(testIds.queryEditor.modelVersion), { target: { value: 'v3' } });
      expect(lastQuery(props)).toMatchObject({ modelVersion: 'v3' });
    });

    it('refuses an answer of the wrong shape and names the field', async () => {
      getModels.mockResolvedValue({ active: 'v2', models: [{ name: 'default' }] });
      await renderEditor(riskProps());
      expect(screen.getByTestId(testIds.queryEditor.modelListError)).toHaveTextContent(
        /unexpected shape \(models\.0\.version:/
      );
      expect(screen.getByTestId(testIds.queryEditor.modelList).querySelectorAll('option')).toHaveLength(0);
    });
  });
});
