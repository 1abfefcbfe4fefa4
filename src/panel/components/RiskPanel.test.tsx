import React from 'react';
import { render, screen } from '@testing-library/react';
import { getDefaultTimeRange, LoadingState, PanelProps } from '@grafana/data';
import { RiskPanel } from './RiskPanel';
import { DEFAULT_PANEL_OPTIONS, RiskPanelOptions } from '../types';
import { panelTestIds } from '../testIds';

jest.mock('@grafana/runtime', () => ({
  getDataSourceSrv: () => ({ getList: () => [] }),
  getBackendSrv: () => ({ get: jest.fn().mockResolvedValue([]), fetch: jest.fn() }),
}));

function props(options: Partial<RiskPanelOptions>, replaceVariables = (s: string) => s): PanelProps<RiskPanelOptions> {
  const timeRange = getDefaultTimeRange();
  return {
    data: { state: LoadingState.Done, series: [], timeRange },
    timeRange,
    options: { ...DEFAULT_PANEL_OPTIONS, ...options },
    width: 600,
    height: 300,
    replaceVariables,
  } as unknown as PanelProps<RiskPanelOptions>;
}

describe('RiskPanel states', () => {
  it('says which datasource is missing instead of drawing nothing', async () => {
    render(<RiskPanel {...props({ backendUid: '' })} />);
    const state = await screen.findByTestId(panelTestIds.state);
    expect(state).toHaveAttribute('data-state', 'error');
    expect(state).toHaveTextContent('No Sentinel risk datasource');
  });

  it('interpolates dashboard variables in the host selector with PromQL quoting', () => {
    const replace = jest.fn((s: string, _vars?: unknown, format?: unknown) =>
      typeof format === 'function'
        ? s.replace('$instance', (format as (v: unknown, o: object) => string)(['a.1', 'b'], { multi: true }))
        : s
    );
    render(<RiskPanel {...props({ backendUid: '', hostSelector: 'instance=~"$instance"' }, replace)} />);
    const call = replace.mock.calls.find((c) => c[0] === 'instance=~"$instance"')!;
    expect(replace.mock.results[replace.mock.calls.indexOf(call)].value).toBe('instance=~"(a\\\\.1|b)"');
  });
});
